#!/usr/bin/python3
"""python-ldap peer of `firstkey bench ldap`: the same three workloads with the
same options, printing the same JSON object (client "python-ldap").

  bind          each connection binds as the bench users in turn, one bind at
                a time (--concurrency is ignored, as in firstkey)
  search        bound as the service account; (employeeID=<id>) subtree from
                --base-dn with the AD domain scope control, attribute
                sAMAccountName; exactly one entry expected
  set-password  bound as the service account; modify replace unicodePwd
                (quoted UTF-16LE) with a fresh complex password per operation

--concurrency C keeps C requests in flight on the connection with
python-ldap's asynchronous API (search_ext / modify_ext return message IDs,
result3 collects whichever answer is complete first); C = 1 is plain
sequential. --connections N runs N processes with one connection each; their
throughputs add up and their latencies are merged.

Timing matches firstkey: connecting and the service bind happen before the
clock starts; a worker sends new requests until the deadline, waits for the
ones still in flight, and the cell's seconds run from the common start to the
last worker's end. Latency = send to complete answer. p50/p99 = the sorted
latency at index floor(n * p).

Passwords are read from files only and never printed.

Usage: ldap_peer.py --url ldaps://127.0.0.1:636 --ca-file F --bind-dn DN
       --bind-password-file F --base-dn DN --operation bind|search|set-password
       --connections N --concurrency C --duration SECONDS --users-file FILE
       [--user-password-file F] --json
"""
import argparse
import ctypes
import json
import multiprocessing
import os
import random
import signal
import sys
import time

import ldap
from ldap.controls import LDAPControl

import ldap_common

DOMAIN_SCOPE_OID = "1.2.840.113556.1.4.1339"
REQUEST_TIMEOUT = 30  # seconds, like firstkey's default --timeout
# a worker that has not finished this long after its deadline gives up
GRACE = 60


def read_secret(path, what):
    return ldap_common.read_secret(path, what, "ldap_peer")


def read_users(path):
    users = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3:
                users.append((fields[0], fields[1], fields[2]))
    if not users:
        sys.exit("ldap_peer: error: the users file holds no users")
    return users


def connect(args):
    return ldap_common.connect(args.url, args.ca_file, REQUEST_TIMEOUT)


def die_with_parent():
    # a worker must not outlive the benchmark (PR_SET_PDEATHSIG = 1)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def describe(error):
    if isinstance(error, ldap.LDAPError) and error.args and isinstance(error.args[0], dict):
        info = error.args[0]
        return f"{type(error).__name__}: {info.get('desc', '')} {info.get('info', '')}".strip()
    return f"{type(error).__name__}: {error}"


def run_worker(args, worker, workers, start_barrier):
    """One connection; returns (latencies, errors, first_error, start, end)."""
    users = read_users(args.users_file)
    operation = args.operation
    conn = connect(args)
    user_password = None
    if operation == "bind":
        user_password = read_secret(args.user_password_file, "bench user password")
        # libldap connects lazily: open the TLS connection now (anonymous read
        # of the root DSE), so that the clock starts on an open connection
        conn.search_ext_s("", ldap.SCOPE_BASE, "(objectClass=*)", ["1.1"])
    else:
        conn.simple_bind_s(args.bind_dn, read_secret(args.bind_password_file, "bind password"))
    in_flight_max = 1 if operation == "bind" else max(1, args.concurrency)
    domain_scope = [LDAPControl(DOMAIN_SCOPE_OID, False, None)]
    rng = random.SystemRandom()

    latencies = []
    errors = 0
    first_error = None
    counter = 0

    def next_index():
        nonlocal counter
        index = counter * workers + worker  # the users in turn, over all workers
        counter += 1
        return index

    if start_barrier is not None:
        start_barrier.wait()
    start = time.monotonic()
    deadline = start + args.duration

    if operation == "bind":
        # a bind blocks the connection: one at a time
        while time.monotonic() < deadline:
            dn = users[next_index() % len(users)][0]
            began = time.perf_counter()
            try:
                conn.simple_bind_s(dn, user_password)
                latencies.append((time.perf_counter() - began) * 1000)
            except ldap.LDAPError as error:
                errors += 1
                first_error = first_error or describe(error)
    else:
        pending = {}  # msgid -> (send time, expected employeeID or None)

        def send():
            index = next_index()
            dn, _sam, employee_id = users[index % len(users)]
            if operation == "search":
                msgid = conn.search_ext(args.base_dn, ldap.SCOPE_SUBTREE, f"(employeeID={employee_id})",
                                        ["sAMAccountName"], serverctrls=domain_scope)
            else:
                password = f"Bench-{index}-{rng.randrange(2**32)}-aZ9!"
                value = f'"{password}"'.encode("utf-16-le")
                msgid = conn.modify_ext(dn, [(ldap.MOD_REPLACE, "unicodePwd", [value])])
            pending[msgid] = time.perf_counter()

        while True:
            now = time.monotonic()
            while now < deadline and len(pending) < in_flight_max:
                try:
                    send()
                except ldap.LDAPError as error:
                    errors += 1
                    first_error = first_error or describe(error)
                    if isinstance(error, ldap.SERVER_DOWN):
                        deadline = now  # the connection is gone: stop sending
                    break
            if not pending:
                if now >= deadline:
                    break
                continue
            if now > deadline + GRACE:
                errors += len(pending)
                first_error = first_error or f"{len(pending)} requests unanswered {GRACE} s after the deadline"
                break
            msgid = None
            try:
                # all=1: a search's entries and its done message together
                _type, data, msgid, _ctrls = conn.result3(ldap.RES_ANY, 1, REQUEST_TIMEOUT)
                began = pending.pop(msgid)
                if operation == "search":
                    entries = [dn for dn, _attrs in data if dn is not None]
                    if len(entries) != 1:
                        raise ValueError(f"search found {len(entries)} entries")
                latencies.append((time.perf_counter() - began) * 1000)
            except (ldap.LDAPError, ValueError) as error:
                errors += 1
                first_error = first_error or describe(error)
                failed = getattr(error, "args", [{}])
                failed_msgid = failed[0].get("msgid") if failed and isinstance(failed[0], dict) else None
                if failed_msgid in pending:
                    pending.pop(failed_msgid)
                elif isinstance(error, ldap.TIMEOUT) or isinstance(error, ldap.SERVER_DOWN):
                    errors += len(pending)
                    pending.clear()
                    break
    end = time.monotonic()
    try:
        conn.unbind_s()
    except ldap.LDAPError:
        pass
    return latencies, errors, first_error, start, end


def process_main(args, worker, workers, start_barrier, queue):
    die_with_parent()
    try:
        queue.put(("ok", run_worker(args, worker, workers, start_barrier)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        try:
            start_barrier.abort()
        except Exception:  # noqa: BLE001
            pass
        queue.put(("failed", describe(error)))


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--ca-file", required=True)
    parser.add_argument("--bind-dn", required=True)
    parser.add_argument("--bind-password-file", required=True)
    parser.add_argument("--base-dn", required=True)
    parser.add_argument("--operation", required=True, choices=["bind", "search", "set-password"])
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--users-file", required=True)
    parser.add_argument("--user-password-file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.operation == "bind" and not args.user_password_file:
        parser.error("bind needs --user-password-file")
    if args.connections < 1 or args.concurrency < 1 or not 0 < args.duration <= 3600:
        parser.error("--connections and --concurrency must be >= 1, --duration in (0, 3600]")
    read_users(args.users_file)  # fail early

    if args.connections == 1:
        results = [run_worker(args, 0, 1, None)]
    else:
        context = multiprocessing.get_context("fork")
        barrier = context.Barrier(args.connections)
        queue = context.Queue()
        processes = [context.Process(target=process_main, args=(args, i, args.connections, barrier, queue),
                                     daemon=True) for i in range(args.connections)]
        for process in processes:
            process.start()
        results, failures = [], []
        try:
            for _ in processes:
                status, value = queue.get(timeout=args.duration + GRACE + 60)
                (results if status == "ok" else failures).append(value)
        finally:
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.terminate()
                    process.join()
        if failures:
            sys.exit(f"ldap_peer: error: {len(failures)} worker(s) failed: {failures[0]}")

    latencies = sorted(value for result in results for value in result[0])
    errors = sum(result[1] for result in results)
    first_error = next((result[2] for result in results if result[2]), None)
    seconds = max(result[4] for result in results) - min(result[3] for result in results)
    report = {
        "client": "python-ldap",
        "operation": args.operation,
        "connections": args.connections,
        "concurrency": 1 if args.operation == "bind" else args.concurrency,
        "operations": len(latencies),
        "errors": errors,
        "seconds": seconds,
        "opsPerSecond": len(latencies) / seconds if seconds > 0 else 0.0,
        "p50Ms": percentile(latencies, 0.5),
        "p99Ms": percentile(latencies, 0.99),
    }
    if first_error:
        report["firstError"] = first_error
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        print(f"{report['operation']} {report['connections']} conn x {report['concurrency']}: "
              f"{report['opsPerSecond']:.0f} ops/s, p50 {report['p50Ms']:.2f} ms, "
              f"p99 {report['p99Ms']:.2f} ms, {errors} errors")


if __name__ == "__main__":
    main()
