#!/usr/bin/python3
"""Helpers of scripts/bench-pickup: the load, identical for both services, and the report.

  pickup_load.py cell --side firstkey|snappass --url http://127.0.0.1:PORT --client BINARY
                      --secrets FILE --skip K --count N --connections C
                      --server-pid PID… [--limit SECONDS] --work DIR [--round R]
      One cell: the N secrets after the first K lines of FILE (TOKEN<TAB>CODE<TAB>SECRET a
      line; SnapPass has no code). Phase 1 (not measured): GET each pickup page, C
      connections, collecting Firstkey's CSRF cookie and hidden form fields. Then wait
      until 2.5 s after the last page was served (Firstkey ignores a form sent back sooner
      than 2 s). Phase 2 (measured): POST each reveal exactly once, C connections, and check
      that every answer is a 200 holding its secret. Both phases run BINARY (the compiled
      scripts/bench/pickup_client.c). Prints one JSON line: reveals/s over the phase's wall
      time (first request written to last answer read), p50/p99/max latency (sorted
      latencies at index floor(n*p)), failures, and the CPU used during the phase by the
      client, by the service (each PID given and its descendants: for SnapPass, gunicorn and
      Redis) and by everything else (from /proc).
  pickup_load.py snappass-seed --count N --out FILE
      (run with SnapPass's interpreter, REDIS_URL set) N secrets stored with SnapPass's
      own set_password (Fernet-encrypted, in Redis, TTL one day); writes TOKEN<TAB><TAB>SECRET
      lines, TOKEN as SnapPass puts it in its links (quote_plus).
  pickup_load.py line JSON
      One cell's result in one line.
  pickup_load.py table FILE.jsonl
      The Markdown table and the goals from the raw lines of a run.
"""
import argparse
import html
import json
import os
import secrets as random
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
HZ = os.sysconf("SC_CLK_TCK")
FORM_WAIT = 2.5  # PickupPolicy.minimumTypingTime is 2 s


def process_ticks():
    """pid -> (ppid, utime + stime ticks) of every process."""
    result = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        result[int(pid)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return result


def machine_ticks():
    """Busy ticks of all CPUs together (everything but idle and iowait)."""
    with open("/proc/stat", encoding="utf-8") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return sum(values) - values[3] - values[4]


def descendants(root, table):
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in table.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def run_client(args, mode, requests_file, out):
    """Runs the load generator over requests_file; returns (summary fields, payload lines,
    client CPU s, server CPU s, other CPU s, wall s of the client process)."""
    port = urllib.parse.urlsplit(args.url).port
    command = [args.client, mode, str(port), str(args.connections), str(args.limit), requests_file, out]
    before = process_ticks()
    servers = set().union(*(descendants(pid, before) for pid in args.server_pid))
    machine_before = machine_ticks()
    started = time.monotonic()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    after = process_ticks()
    machine = (machine_ticks() - machine_before) / HZ
    server = sum(after[pid][1] - before.get(pid, (0, 0))[1]
                 for pid in set().union(servers, *(descendants(pid, after) for pid in args.server_pid)) if pid in after) / HZ
    client = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{args.client} {mode} failed (status {os.waitstatus_to_exitcode(status)})")
    with open(out, encoding="utf-8") as f:
        lines = f.read().splitlines()
    summary = lines[0].rstrip().split("\t")
    summary += [""] * (8 - len(summary))
    return summary, lines[1:], client, server, max(0.0, machine - client - server), wall


def cell(args):
    with open(args.secrets, encoding="utf-8") as f:
        lines = [line.split("\t") for line in f.read().splitlines() if line]
    chosen = lines[args.skip:args.skip + args.count]
    if len(chosen) < args.count:
        sys.exit(f"{args.secrets} has {len(lines)} secrets; the cell needs {args.skip + args.count}")
    prefix = "/pickup/" if args.side == "firstkey" else "/"
    tag = f"{args.side}-c{args.connections}-s{args.skip}"
    base = os.path.join(args.work, tag)

    # phase 1: the pages (not measured)
    with open(base + ".get", "w") as f:
        for token, _, _ in chosen:
            f.write(prefix + token + "\n")
    summary, payload, _, _, _, get_wall = run_client(args, "get", base + ".get", base + ".got")
    served_at = time.monotonic()
    if int(summary[3]) != len(chosen):
        sys.exit(f"{args.side}: only {summary[3]} of {len(chosen)} pickup pages were served ({summary[7] or 'no answer'})")
    forms = {}
    for line in payload:
        fields = line.split("\t")
        hidden = [(html.unescape(fields[i]), html.unescape(fields[i + 1])) for i in range(2, len(fields) - 1, 2)]
        forms[fields[0]] = (fields[1], hidden)

    # phase 2: the reveals, each exactly once (measured)
    with open(base + ".post", "w") as f:
        for token, code, secret in chosen:
            cookie, body = "", ""
            if args.side == "firstkey":
                if token not in forms:
                    sys.exit("firstkey: no form was collected for one of the pages")
                cookie, hidden = forms[token]
                body = urllib.parse.urlencode([("code", code)] + hidden)
            f.write(f"{prefix}{token}\t{cookie}\t{body}\t{secret}\n")
    time.sleep(max(0.0, FORM_WAIT - (time.monotonic() - served_at)))
    summary, payload, client_cpu, server_cpu, other_cpu, client_wall = run_client(args, "post", base + ".post", base + ".revealed")
    latencies = sorted(int(float(v)) for v in payload)
    sent, answered, ok = int(summary[1]), int(summary[2]), int(summary[3])
    first_us, last_us = float(summary[5] or 0), float(summary[6] or 0)
    seconds = (last_us - first_us) / 1e6 if last_us > first_us else client_wall
    report = {
        "side": args.side, "round": args.round, "connections": args.connections, "secrets": len(chosen),
        "sent": sent, "answers": answered, "reveals": ok,
        # every secret not seen revealed is a failure: a wrong answer, no answer, a broken connection
        "failed": len(chosen) - ok, "seconds": round(seconds, 4),
        "revealsPerSecond": round(ok / seconds, 1) if seconds > 0 else 0,
        "p50Ms": percentile(latencies, 0.50) / 1000 if latencies else None,
        "p99Ms": percentile(latencies, 0.99) / 1000 if latencies else None,
        "maxMs": latencies[-1] / 1000 if latencies else None,
        # shares of one CPU while the measured phase's client process ran
        "clientCpu": round(client_cpu / client_wall, 3), "serverCpu": round(server_cpu / client_wall, 3),
        "otherCpu": round(other_cpu / client_wall, 3), "clientWallSeconds": round(client_wall, 3),
        "pagesPerSecond": round(len(chosen) / get_wall, 1),
    }
    if summary[7]:
        report["firstFailure"] = summary[7]
    print(json.dumps(report))


def snappass_seed(args):
    from snappass import main as snappass  # needs REDIS_URL before the import
    with open(args.out, "w", encoding="utf-8") as f:
        for _ in range(args.count):
            secret = "fkbench-" + random.token_hex(16)
            token = snappass.set_password(secret, 86400)
            f.write(f"{urllib.parse.quote_plus(token)}\t\t{secret}\n")


def table(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    meta = next((r["meta"] for r in rows if "meta" in r), {})
    cells = [r for r in rows if "side" in r]
    print(f"{meta.get('date', '?')}, {meta.get('nproc', '?')} CPUs, {meta.get('cpu', '?')}, commit {meta.get('commit', '?')}")
    print(f"{meta.get('secrets', '?')} secrets per cell, {meta.get('rounds', '?')} rounds, firstkey: {meta.get('firstkey', '?')}; "
          f"snappass: {meta.get('snappass', '?')}")
    print()
    print("| connections | round | firstkey reveals/s | snappass reveals/s | ratio | firstkey p50 / p99 ms | snappass p50 / p99 ms "
          "| failed (fk / sp) | CPU fk server / client / other | CPU sp server / client / other |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    goals = []
    void = any(r["failed"] for r in cells)
    for connections in sorted({r["connections"] for r in cells}):
        rounds = {}
        for r in cells:
            if r["connections"] == connections:
                rounds.setdefault(r.get("round", 0), {})[r["side"]] = r
        ratios, fk_rates, sp_rates, fk_p99 = [], [], [], []
        for number, pair in sorted(rounds.items()):
            fk, sp = pair.get("firstkey"), pair.get("snappass")
            ratio = fk["revealsPerSecond"] / sp["revealsPerSecond"] if fk and sp and sp["revealsPerSecond"] else None
            if ratio:
                ratios.append(ratio)
            if fk:
                fk_rates.append(fk["revealsPerSecond"])
                fk_p99.append(fk["p99Ms"] or 0)
            if sp:
                sp_rates.append(sp["revealsPerSecond"])

            def cpu(r):
                return f"{r['serverCpu']:.2f} / {r['clientCpu']:.2f} / {r['otherCpu']:.2f}" if r else "—"

            def lat(r):
                return f"{r['p50Ms']:.2f} / {r['p99Ms']:.2f}" if r and r["p50Ms"] is not None else "—"

            print(f"| {connections} | {number} | {fk['revealsPerSecond']:,.0f} | {sp['revealsPerSecond']:,.0f} | "
                  f"{ratio:.2f}× | {lat(fk)} | {lat(sp)} | {fk['failed']} / {sp['failed']} | {cpu(fk)} | {cpu(sp)} |"
                  if fk and sp else f"| {connections} | {number} | incomplete pair |")
        if ratios:
            median = sorted(ratios)[len(ratios) // 2]
            worst = max(fk_p99)
            goals.append(f"{connections} connections: firstkey {sorted(fk_rates)[len(fk_rates) // 2]:,.0f} reveals/s, "
                         f"snappass {sorted(sp_rates)[len(sp_rates) // 2]:,.0f} (medians); ratio median {median:.2f}× "
                         f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}): {'meets' if median >= 3 else 'BELOW'} the goal ≥ 3×; "
                         f"firstkey p99 at most {worst:.2f} ms: {'meets' if worst < 20 else 'ABOVE'} the goal < 20 ms")
    print()
    for goal in goals:
        print(f"- {goal}")
    if void:
        print("- VOID: at least one cell had failed reveals (see firstFailure in the raw lines)")
    busy = [r for r in cells if r.get("otherCpu", 0) > 0.15]
    if busy:
        print(f"- WARNING: {len(busy)} cell(s) saw other processes use > 15 % of a CPU: the machine was not quiet")
    print(f"\n(raw lines: {path})")


def line(text):
    r = json.loads(text)
    failure = f"  ({r['firstFailure']})" if r.get("firstFailure") else ""
    print(f"{r['revealsPerSecond']:8,.0f} reveals/s  p50 {r['p50Ms'] or 0:6.2f} ms  p99 {r['p99Ms'] or 0:6.2f} ms  "
          f"failed {r['failed']}  CPU: server {r['serverCpu']:.2f} client {r['clientCpu']:.2f} other {r['otherCpu']:.2f}{failure}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("cell")
    c.add_argument("--side", choices=["firstkey", "snappass"], required=True)
    c.add_argument("--url", required=True)
    c.add_argument("--secrets", required=True)
    c.add_argument("--skip", type=int, default=0)
    c.add_argument("--count", type=int, required=True)
    c.add_argument("--connections", type=int, required=True)
    c.add_argument("--client", required=True, help="the compiled scripts/bench/pickup_client.c")
    c.add_argument("--server-pid", type=int, action="append", required=True,
                   help="a process of the service (repeatable: SnapPass's gunicorn and its Redis)")
    c.add_argument("--limit", type=int, default=120)
    c.add_argument("--work", required=True)
    c.add_argument("--round", type=int, default=1)
    s = commands.add_parser("snappass-seed")
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--out", required=True)
    l = commands.add_parser("line")
    l.add_argument("json")
    t = commands.add_parser("table")
    t.add_argument("file")
    args = parser.parse_args()
    if args.command == "cell":
        cell(args)
    elif args.command == "line":
        line(args.json)
    elif args.command == "snappass-seed":
        snappass_seed(args)
    else:
        table(args.file)


if __name__ == "__main__":
    main()
