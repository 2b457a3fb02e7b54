#!/usr/bin/python3
"""Creates (idempotently) the engine benchmark's new hires ebench00001... in
their own OU (OU=EngineBench under the delegated OU) of a Samba AD DC, as the
domain admin over LDAPS (python-ldap): like freshly provisioned hires, disabled
and without a usable password. Writes the users file of `firstkey bench engine`:
DN<TAB>sAMAccountName<TAB>employeeID<TAB>userPrincipalName (as an HR feed names a hire).

Existing users are reset to that state (disabled), so each benchmark run
onboards them again. No password is ever printed or set here.

Usage: engine_users.py --url URL --ca-file F --admin-dn DN --admin-password-file F
       --parent-ou DN --upn-domain DOMAIN --count N --users-file OUT
"""
import argparse
import sys
import time

import ldap
import ldap.modlist
from ldap.controls import SimplePagedResultsControl

import ldap_common

IN_FLIGHT = 16


def read_secret(path):
    return ldap_common.read_secret(path, "secret", "engine_users")


def paged_search(conn, base, filterstr, attributes):
    control = SimplePagedResultsControl(True, size=500, cookie="")
    while True:
        msgid = conn.search_ext(base, ldap.SCOPE_ONELEVEL, filterstr, attributes, serverctrls=[control])
        _type, data, _msgid, controls = conn.result3(msgid)
        for dn, attrs in data:
            if dn is not None:
                yield dn, attrs
        cookies = [c.cookie for c in controls if c.controlType == SimplePagedResultsControl.controlType]
        if not cookies or not cookies[0]:
            return
        control.cookie = cookies[0]


def run_async(conn, operations, what):
    """operations: list of (callable returning a msgid, description)."""
    pending = {}
    queue = list(operations)
    done = 0
    while queue or pending:
        while queue and len(pending) < IN_FLIGHT:
            send, description = queue.pop(0)
            pending[send()] = description
        try:
            _type, _data, msgid, _ctrls = conn.result3(ldap.RES_ANY, 1, 60)
            pending.pop(msgid)
            done += 1
            if done % 1000 == 0:
                print(f"engine_users: {what} {done}/{len(operations)}", file=sys.stderr)
        except ldap.LDAPError as error:
            info = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
            sys.exit(f"engine_users: error: {what} {pending.get(info.get('msgid'), '?')}: {info.get('desc', error)} {info.get('info', '')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option in ("--url", "--ca-file", "--admin-dn", "--admin-password-file", "--parent-ou", "--upn-domain", "--users-file"):
        parser.add_argument(option, required=True)
    parser.add_argument("--count", type=int, default=10000)
    args = parser.parse_args()
    if not 1 <= args.count <= 99999:
        parser.error("--count must be 1..99999")
    began = time.monotonic()

    conn = ldap_common.connect(args.url, args.ca_file, 60)
    conn.simple_bind_s(args.admin_dn, read_secret(args.admin_password_file))

    ou = f"OU=EngineBench,{args.parent_ou}"
    try:
        conn.add_ext_s(ou, ldap.modlist.addModlist({"objectClass": [b"top", b"organizationalUnit"], "ou": [b"EngineBench"]}))
    except ldap.ALREADY_EXISTS:
        pass

    existing = {}
    for dn, attrs in paged_search(conn, ou, "(&(objectClass=user)(sAMAccountName=ebench*))", ["sAMAccountName", "userAccountControl"]):
        existing[attrs["sAMAccountName"][0].decode().lower()] = (dn, attrs.get("userAccountControl", [b"0"])[0].decode())

    users, adds, resets = [], [], []
    for i in range(1, args.count + 1):
        sam = f"ebench{i:05d}"
        employee_id = f"EBENCH-{i:05d}"
        dn = existing.get(sam, (f"CN={sam},{ou}", None))[0]
        users.append((dn, sam, employee_id))
        if sam not in existing:
            modlist = ldap.modlist.addModlist({
                "objectClass": [b"top", b"person", b"organizationalPerson", b"user"],
                "cn": [sam.encode()], "sAMAccountName": [sam.encode()],
                "userPrincipalName": [f"{sam}@{args.upn_domain}".encode()],
                "employeeID": [employee_id.encode()],
                "userAccountControl": [b"546"],  # disabled, password not required (no password yet)
            })
            adds.append((lambda dn=dn, modlist=modlist: conn.add_ext(dn, modlist), dn))
        elif existing[sam][1] != "546":
            changes = [(ldap.MOD_REPLACE, "userAccountControl", [b"546"]), (ldap.MOD_REPLACE, "pwdLastSet", [b"0"])]
            resets.append((lambda dn=dn, changes=changes: conn.modify_ext(dn, changes), dn))
    run_async(conn, adds, "adding")
    run_async(conn, resets, "resetting")
    conn.unbind_s()

    with open(args.users_file, "w", encoding="utf-8") as f:
        for dn, sam, employee_id in users:
            f.write(f"{dn}\t{sam}\t{employee_id}\t{sam}@{args.upn_domain}\n")
    print(f"engine_users: {len(users)} new hires ready in {ou} ({len(adds)} created, {len(resets)} reset) "
          f"in {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
