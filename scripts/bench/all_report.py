#!/usr/bin/python3
"""The one table of scripts/bench-all: every benchmark's ratio against its peer, each measured
in one run of its own script (the peer in the same run), from the raw files those runs wrote.

Usage: all_report.py --ldap F.jsonl --engine F.jsonl --pickup F.jsonl --e2e summary.json
"""
import argparse
import json
import statistics


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fmt(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option in ("--ldap", "--engine", "--pickup", "--e2e"):
        parser.add_argument(option, required=True)
    parser.add_argument("--commands", default="{}", help="JSON: benchmark → the command that ran it")
    args = parser.parse_args()
    commands = json.loads(args.commands)
    rows = []

    ldap = [r for r in lines(args.ldap) if "client" in r]

    def cell(client, operation, connections, concurrency):
        for r in ldap:
            if (r["client"], r["operation"], r["connections"]) == (client, operation, connections) and \
                    (operation == "bind" or r["concurrency"] == concurrency):
                return r
        return None

    for operation in ("bind", "search", "set-password"):
        fk, py = cell("firstkey", operation, 1, 1), cell("python-ldap", operation, 1, 1)
        if fk and py:
            rows.append((f"LDAP {operation}, one connection", f"{fmt(fk['opsPerSecond'])}/s (p99 {fmt(fk['p99Ms'], 1)} ms)",
                         f"python-ldap {fmt(py['opsPerSecond'])}/s (p99 {fmt(py['p99Ms'], 1)} ms)",
                         fk["opsPerSecond"] / py["opsPerSecond"], "≥ 1.0×", commands.get("ldap", "scripts/bench-ldap")))
    fk, ceiling = cell("firstkey", "set-password", 4, 4), cell("python-ldap", "set-password", 8, 4)
    if fk and ceiling:
        rows.append(("LDAP set-password, pooled 4 × 4", f"{fmt(fk['opsPerSecond'])}/s",
                     f"DC ceiling (python-ldap 8 × 4) {fmt(ceiling['opsPerSecond'])}/s",
                     fk["opsPerSecond"] / ceiling["opsPerSecond"], "≈ 1.0×", commands.get("ldap", "scripts/bench-ldap")))

    engine = lines(args.engine)
    ceilings = [r["opsPerSecond"] for r in engine if r.get("cell") == "ceiling"]
    for index, r in enumerate([r for r in engine if r.get("cell") == "engine"]):
        around = ceilings[index:index + 2]
        mean = sum(around) / len(around)
        rows.append((f"engine, {r['store']}, {r['cases']:,} hires", f"{fmt(r['casesPerSecond'], 1)} cases/s, peak RSS {fmt(r['peakRSSMegabytes'])} MB",
                     f"DC password-write ceiling {fmt(mean, 1)}/s", r["casesPerSecond"] / mean, "≥ 0.8×, RSS < 150 MB",
                     commands.get("engine", "scripts/bench-engine")))

    pickup = [r for r in lines(args.pickup) if "side" in r]
    for connections in sorted({r["connections"] for r in pickup}):
        fk = [r for r in pickup if r["side"] == "firstkey" and r["connections"] == connections and not r["failed"]]
        sp = [r for r in pickup if r["side"] == "snappass" and r["connections"] == connections and not r["failed"]]
        if fk and sp:
            fk_rate = statistics.median(r["revealsPerSecond"] for r in fk)
            sp_rate = statistics.median(r["revealsPerSecond"] for r in sp)
            # the ratio of each round (both sides measured back to back), then the median of those
            per_round = [a["revealsPerSecond"] / b["revealsPerSecond"] for a in fk for b in sp if a["round"] == b["round"]]
            rows.append((f"pickup reveals, {connections} connections ({len(per_round)} rounds)",
                         f"{fmt(fk_rate)}/s (p99 ≤ {fmt(max(r['p99Ms'] for r in fk), 1)} ms)",
                         f"SnapPass {fmt(sp_rate)}/s (p99 ≤ {fmt(max(r['p99Ms'] for r in sp), 1)} ms)",
                         statistics.median(per_round), "≥ 3×, p99 < 20 ms", commands.get("pickup", "scripts/bench-pickup")))

    e2e = json.load(open(args.e2e))
    rows.append((f"hire event → code SMS handed to ACS ({e2e['hires']} hires, steady arrival)",
                 f"p50 {e2e['hireEventToSMSp50Seconds'] * 1000:,.0f} ms, p99 {e2e['hireEventToSMSp99Seconds'] * 1000:,.0f} ms",
                 "no peer here (see below)", None, "—", commands.get("e2e", "scripts/prove --release kill --kills 0")))

    print("| benchmark | Firstkey | peer, same run | ratio | goal | command |")
    print("|---|---|---|---:|---|---|")
    for name, ours, peer, ratio, goal, command in rows:
        print(f"| {name} | {ours} | {peer} | {fmt(ratio, 2) + '×' if ratio is not None else '—'} | {goal} | `{command}` |")


if __name__ == "__main__":
    main()
