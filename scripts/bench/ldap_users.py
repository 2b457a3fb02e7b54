#!/usr/bin/python3
"""Creates (idempotently) the LDAP benchmark's users bench0001... in the
delegated OU of a Samba AD DC, as the domain admin over LDAPS (python-ldap),
and gives every one of them the same password (read from a file), enabled
(userAccountControl 512), pwdLastSet -1. Writes the users file of
`firstkey bench ldap` / ldap_peer.py: DN<TAB>sAMAccountName<TAB>employeeID.

Every run sets the password again: the set-password cells of a benchmark
change it. No password is ever printed.

Usage: ldap_users.py --url URL --ca-file F --admin-dn DN --admin-password-file F
       --ou DN --upn-domain DOMAIN --count N --password-file F --users-file OUT
"""
import argparse
import sys
import time

import ldap
import ldap.modlist

import ldap_common

IN_FLIGHT = 8


def read_secret(path):
    return ldap_common.read_secret(path, "secret", "ldap_users")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option in ("--url", "--ca-file", "--admin-dn", "--admin-password-file", "--ou", "--upn-domain",
                   "--password-file", "--users-file"):
        parser.add_argument(option, required=True)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    if not 1 <= args.count <= 9999:
        parser.error("--count must be 1..9999")
    began = time.monotonic()

    conn = ldap_common.connect(args.url, args.ca_file)
    conn.simple_bind_s(args.admin_dn, read_secret(args.admin_password_file))

    existing = {}
    for dn, attrs in conn.search_ext_s(args.ou, ldap.SCOPE_ONELEVEL, "(&(objectClass=user)(sAMAccountName=bench*))",
                                       ["sAMAccountName", "employeeID"]):
        if dn is None:
            continue
        sam = attrs["sAMAccountName"][0].decode().lower()
        existing[sam] = (dn, attrs.get("employeeID", [b""])[0].decode())

    users = []
    created = 0
    for i in range(1, args.count + 1):
        sam = f"bench{i:04d}"
        employee_id = f"BENCH-{i:04d}"
        if sam in existing:
            dn, found_id = existing[sam]
            if found_id != employee_id:
                conn.modify_ext_s(dn, [(ldap.MOD_REPLACE, "employeeID", [employee_id.encode()])])
        else:
            dn = f"CN={sam},{args.ou}"
            conn.add_ext_s(dn, ldap.modlist.addModlist({
                "objectClass": [b"top", b"person", b"organizationalPerson", b"user"],
                "cn": [sam.encode()],
                "sAMAccountName": [sam.encode()],
                "userPrincipalName": [f"{sam}@{args.upn_domain}".encode()],
                "employeeID": [employee_id.encode()],
            }))
            created += 1
        users.append((dn, sam, employee_id))

    # password, enabled, pwdLastSet -1: a few modifies in flight at a time
    value = f'"{read_secret(args.password_file)}"'.encode("utf-16-le")
    changes = [(ldap.MOD_REPLACE, "unicodePwd", [value]),
               (ldap.MOD_REPLACE, "userAccountControl", [b"512"]),
               (ldap.MOD_REPLACE, "pwdLastSet", [b"-1"])]
    pending = {}
    queue = list(users)
    while queue or pending:
        while queue and len(pending) < IN_FLIGHT:
            dn = queue.pop(0)[0]
            pending[conn.modify_ext(dn, changes)] = dn
        try:
            _type, _data, msgid, _ctrls = conn.result3(ldap.RES_ANY, 1, 30)
            pending.pop(msgid)
        except ldap.LDAPError as error:
            info = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
            dn = pending.get(info.get("msgid"), "?")
            sys.exit(f"ldap_users: error: setting the password of {dn}: {info.get('desc', error)} {info.get('info', '')}")
    conn.unbind_s()

    with open(args.users_file, "w", encoding="utf-8") as f:
        for dn, sam, employee_id in users:
            f.write(f"{dn}\t{sam}\t{employee_id}\n")
    print(f"ldap_users: {len(users)} bench users ready ({created} created, {len(users) - created} existing), "
          f"password set in {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
