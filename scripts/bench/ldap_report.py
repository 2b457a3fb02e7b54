#!/usr/bin/python3
"""Helpers of scripts/bench-ldap.

  ldap_report.py check CLIENT OPERATION CONNECTIONS CONCURRENCY < line
      exit 0 if stdin is one JSON object of a benchmark cell as specified
      (client, operation, connections, concurrency, numbers), else print what
      is wrong and exit 1
  ldap_report.py line JSON
      print one cell's result in one line
  ldap_report.py busy
      sample every process's CPU use for one second (between cells: the DCs
      should be idle); print those that used more than 15 % of a CPU (Samba's
      processes summed), exit 1 if any did
  ldap_report.py table FILE.jsonl
      print the comparison table (Markdown) and the goals of the raw lines
"""
import json
import math
import sys

FIELDS = ("client", "operation", "connections", "concurrency", "operations", "errors", "seconds",
          "opsPerSecond", "p50Ms", "p99Ms")
OPERATIONS = ("bind", "search", "set-password")
# (connections, concurrency) -> label; bind ignores concurrency (always 1 in flight)
CELLS = [((1, 1), "per connection (1 conn × 1)"),
         ((1, 8), "1 conn × 8 in flight"),
         ((4, 4), "pooled (4 conn × 4)"),
         ((8, 4), "DC ceiling (python-ldap 8 proc × 4)")]


def check(client, operation, connections, concurrency):
    text = sys.stdin.read()
    lines = [line for line in text.splitlines() if line.strip()]
    problems = []
    if len(lines) != 1:
        problems.append(f"expected one line of JSON on stdout, got {len(lines)}")
    try:
        report = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError as error:
        report = None
        problems.append(f"not JSON: {error}")
    if isinstance(report, dict):
        missing = [f for f in FIELDS if f not in report]
        if missing:
            problems.append(f"fields missing: {', '.join(missing)}")
        expected = {"client": client, "operation": operation, "connections": int(connections),
                    "concurrency": 1 if operation == "bind" else int(concurrency)}
        for key, value in expected.items():
            if key in report and report[key] != value:
                problems.append(f"{key} is {report[key]!r}, expected {value!r}")
        for key in FIELDS[4:]:
            value = report.get(key)
            if key in report and (not isinstance(value, (int, float)) or isinstance(value, bool)
                                  or not math.isfinite(value) or value < 0):
                problems.append(f"{key} is {value!r}, not a number >= 0")
        if not problems:
            if report["errors"] > 0:
                problems.append(f"{report['errors']} errors (first: {report.get('firstError', 'not given')})")
            if report["operations"] == 0:
                problems.append("no operation completed")
    elif report is not None:
        problems.append("not a JSON object")
    if problems:
        print("; ".join(problems))
        sys.exit(1)


def fmt(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def table(path):
    results = {}
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            report = json.loads(line)
            if "meta" in report:
                meta = report["meta"]
                continue
            if "client" not in report:
                continue  # e.g. {"disturbance": ...}
            key = (report["client"], report["operation"], report["connections"],
                   1 if report["operation"] == "bind" else report["concurrency"])
            results[key] = report

    def get(client, operation, cell):
        connections, concurrency = cell
        return results.get((client, operation, connections, 1 if operation == "bind" else concurrency))

    def ops(report):
        if report is None:
            return "—"
        text = fmt(report["opsPerSecond"])
        return text + (f" ({report['errors']} errors)" if report["errors"] else "")

    print("| operation | cell | firstkey ops/s | python-ldap ops/s | ratio | firstkey p99 ms | python-ldap p99 ms | firstkey / DC ceiling |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    goals = []
    for operation in OPERATIONS:
        ceiling = get("python-ldap", operation, (8, 4))
        for cell, label in CELLS:
            if operation == "bind" and cell == (1, 8):
                continue  # a bind allows nothing else in flight: the same as 1 × 1
            fk, py = get("firstkey", operation, cell), get("python-ldap", operation, cell)
            if fk is None and py is None:
                continue
            ratio = fk["opsPerSecond"] / py["opsPerSecond"] if fk and py and py["opsPerSecond"] > 0 else None
            of_ceiling = None
            if cell == (4, 4) and fk and ceiling and ceiling["opsPerSecond"] > 0:
                of_ceiling = fk["opsPerSecond"] / ceiling["opsPerSecond"]
            print(f"| {operation} | {label} | {ops(fk)} | {ops(py)} | {fmt(ratio, 2) + '×' if ratio else '—'} | "
                  f"{fmt(fk and fk['p99Ms'], 1)} | {fmt(py and py['p99Ms'], 1)} | "
                  f"{fmt(of_ceiling * 100) + ' %' if of_ceiling is not None else '—'} |")
            if cell == (1, 1) and ratio is not None:
                goals.append(f"{operation}: per connection {ratio:.3f}× python-ldap "
                             f"({'meets' if ratio >= 1.0 else 'BELOW'} the goal ≥ 1.0×)")
            if of_ceiling is not None:
                goals.append(f"{operation}: pooled firstkey at {of_ceiling * 100:.0f} % of the DC ceiling "
                             f"({ceiling['opsPerSecond']:,.0f} ops/s, python-ldap 8 processes × 4)")
        if ceiling:
            others = [(r["opsPerSecond"], r["client"], label) for cell, label in CELLS if cell != (8, 4)
                      for r in (get("firstkey", operation, cell), get("python-ldap", operation, cell)) if r]
            best = max(others, default=None)
            if best and best[0] > ceiling["opsPerSecond"] * 1.10:
                goals.append(f"{operation}: note: the DC ceiling ({ceiling['opsPerSecond']:,.0f}/s) is below "
                             f"{best[1]} {best[2]} ({best[0]:,.0f}/s): the clients share the CPUs with the DC, "
                             "so 8 client processes take CPU time from it; the ceiling is a lower bound")
    print()
    for goal in goals:
        print(f"- {goal}")
    if meta:
        print(f"\n({meta.get('duration')} s per cell; raw lines: {path})")


def busy():
    """Other work on the machine distorts every number: name it."""
    import os
    import time

    def sample():
        ticks = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    command = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            ticks[pid] = (int(fields[11]) + int(fields[12]), command or stat[stat.index("(") + 1:stat.rindex(")")])
        return ticks

    hz = os.sysconf("SC_CLK_TCK")
    before = sample()
    time.sleep(1)
    after = sample()
    me = str(os.getpid())
    found = []
    samba = 0.0
    for pid, (ticks, command) in after.items():
        if pid == me or pid not in before:
            continue
        share = (ticks - before[pid][0]) / hz
        if command.startswith("samba:"):
            samba += share  # between cells the DCs have nothing to do: busy = other clients
        elif share > 0.15:
            found.append(f"{share * 100:.0f} % {command[:100]}")
    if samba > 0.15:
        found.append(f"{samba * 100:.0f} % samba (all its processes; other clients of the DCs?)")
    for line in found:
        print(line)
    sys.exit(1 if found else 0)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "check":
        check(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "line":
        r = json.loads(sys.argv[2])
        print(f"{r['opsPerSecond']:8.1f} ops/s  p50 {r['p50Ms']:7.2f} ms  p99 {r['p99Ms']:7.2f} ms  "
              f"({r['operations']} in {r['seconds']:.2f} s)")
    elif len(sys.argv) == 2 and sys.argv[1] == "busy":
        busy()
    elif len(sys.argv) == 3 and sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
