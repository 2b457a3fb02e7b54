#!/usr/bin/python3
"""Several `firstkey serve` instances on one PostgreSQL database, SIGKILLed at random moments
and restarted, while hires arrive through the admin API and pick their temporary passwords up
(link by e-mail, code by SMS through the simulated ACS) at whichever instance is alive.

At the end every case must be cleaned up (picked up) or explicitly escalated, none lost; every
hire's picked-up password must be their real AD password (the DC answers 773: right password,
must change); each hire gets one code SMS per delivery round (ACS deduplicates a retry by its
Repeatability-Request-ID), and every e-mail to a hire carries the same link of that round. Then
the secret search runs over every log, the database dump and the SMTP spool.

With --kills 0 it is the end-to-end benchmark: time from the hire event (the API call) to the
code SMS handed to the provider, p50/p99.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import log  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hires", type=int, default=1000)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--kills", type=int, default=100, help="at least this many SIGKILLs (0: none, the benchmark)")
    parser.add_argument("--kill-interval", type=float, default=1.5, help="mean seconds between kills")
    parser.add_argument("--rate", type=float, default=None, help="hires a second through the API (default: all at once)")
    parser.add_argument("--time-limit", type=float, default=1800)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--bin", default=os.path.join(harness.REPO, ".build", "debug"))
    parser.add_argument("--evidence", default=os.path.join(harness.REPO, "artifacts", "chaos-kill"))
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON line at the end")
    parser.add_argument("--quick", action="store_true", help="the CI version: 60 hires, 10 kills, at most 240 s")
    args = parser.parse_args()
    if args.quick:
        args.hires, args.kills, args.kill_interval, args.time_limit = 60, 10, 0.7, 240
    seed = args.seed if args.seed is not None else int(time.time())
    random.seed(seed)
    began = time.monotonic()
    deadline = began + args.time_limit

    env = harness.Testenv()
    dc1 = env.dc(1)
    work = harness.Work("kill", args.evidence)
    sim = smtp = None
    instances = []
    try:
        log(f"seed {seed}; {args.hires} hires, {args.instances} instances, at least {args.kills} SIGKILLs, limit {args.time_limit:.0f} s")
        sim = harness.Simulator(work, os.path.join(args.bin, "firstkey-sim"), dc1["DNS_DOMAIN"])
        smtp = harness.SMTPSink(work)
        hires = harness.create_hires(dc1, "chaos", "Chaos", args.hires, work)
        sim.add_hires(hires, dc1["DNS_DOMAIN"])
        by_email = {h.email: h for h in hires}

        database = "firstkey_chaos"
        pg_url = env["PG_URL"]
        subprocess.run(["psql", pg_url, "-qc", f"DROP DATABASE IF EXISTS {database}", "-c", f"CREATE DATABASE {database}"],
                       check=True, capture_output=True)
        chaos_url = pg_url.rsplit("/", 1)[0] + "/" + database
        url_file = work.secret_file("pg-url", chaos_url, canary=False)
        first_port = harness.free_port()
        config = harness.write_config(work, [dc1], sim, smtp, f"postgresUrlFile: {url_file}", f"http://127.0.0.1:{first_port}",
                                      extra="engine:\n  leaseSeconds: 4\n  batchSize: 16\n")
        firstkey = harness.Firstkey(os.path.join(args.bin, "firstkey"), config, work)
        token = firstkey.token()
        fleet = harness.Fleet(firstkey, args.instances, work.evidence, first_port)
        instances = fleet.instances
        fleet.start()
        live_urls = fleet.live_urls

        stop = threading.Event()
        kills = []

        def killer():
            while not stop.is_set() and args.kills > 0:
                if stop.wait(random.expovariate(1 / args.kill_interval)):
                    return
                victim = random.choice(instances)
                if victim.alive():
                    victim.kill()
                    kills.append(time.monotonic())
                    if stop.wait(random.uniform(0, 0.5)):
                        break
                    victim.start()
            for instance in instances:
                if not instance.alive():
                    instance.start()

        player = harness.HirePlayer(work, sim, smtp, hires, live_urls)
        revealed, lost_reveals, mailbox_secrets = player.revealed, player.lost_reveals, player.mailbox_secrets

        killer_thread = threading.Thread(target=killer, daemon=True)
        killer_thread.start()
        hire_date = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 86400))
        log("intake through the API while the instances are killed")
        opened = {}
        intake_thread = threading.Thread(target=lambda: opened.update(
            harness.intake(live_urls, token, hires, "temporary-password", hire_date, rate=args.rate)), daemon=True)
        intake_thread.start()

        sms_by_phone, mails_by_address = {}, {}
        states, last_report = {}, 0
        while time.monotonic() < deadline:
            time.sleep(2)
            player.poll()
            sms_by_phone, mails_by_address = player.sms_by_phone, player.mails_by_address
            if intake_thread.is_alive():
                continue
            cases = firstkey.cases()
            states = collections.Counter(c["state"] for c in cases)
            if time.monotonic() - last_report > 15:
                log(f"{len(opened)} opened, {len(revealed)} picked up, {len(kills)} kills; states {dict(states)}")
                last_report = time.monotonic()
            settled = all(c["state"] in ("cleaned-up", "escalated", "failed", "cancelled") for c in cases)
            if settled and len(cases) == len(hires) and not player.busy and len(kills) >= args.kills:
                break
            if settled and len(cases) == len(hires) and not player.busy and len(kills) < args.kills:
                log(f"work finished after {len(kills)} kills, fewer than {args.kills}: lower --kill-interval")
                break
        else:
            log("time limit reached")
        stop.set()
        killer_thread.join(10)
        player.shutdown()
        for instance in instances:
            instance.stop()
        elapsed = time.monotonic() - began

        log("checking: every case, every credential, every message")
        cases = firstkey.cases()
        problems, by_employee, states, escalated = harness.settlement_problems(hires, cases, revealed)
        wrong, checked = [], 0
        for hire in hires:
            passwords = revealed.get(hire.employee_id)
            if not passwords:
                continue
            result = harness.bind_result(dc1, hire.dn, passwords[0])
            checked += 1
            if result != "must-change":
                wrong.append(f"{hire.sam}: {result}")
        if wrong:
            problems.append(f"{len(wrong)} picked-up passwords are not the AD password: {wrong[:3]}")
        resends = {c["identity"].get("employeeID"): c.get("resends", 0) for c in cases}
        duplicate_sms = {}
        for hire in hires:
            bodies = sms_by_phone.get(hire.mobile, [])
            allowed = 1 + resends.get(hire.employee_id, 0)
            if len(bodies) > allowed:
                duplicate_sms[hire.employee_id] = len(bodies)
        if duplicate_sms:
            problems.append(f"{len(duplicate_sms)} hires got more code SMS than delivery rounds: {list(duplicate_sms.items())[:5]}")
        duplicate_mail, mixed_links = 0, []
        for hire in hires:
            texts = mails_by_address.get(hire.email, [])
            links = {m for t in texts for m in harness.PICKUP_LINK.findall(t)}
            duplicate_mail += max(0, len(texts) - 1 - resends.get(hire.employee_id, 0))
            if len(links) > 1 + resends.get(hire.employee_id, 0):
                mixed_links.append(hire.employee_id)
        if mixed_links:
            problems.append(f"{len(mixed_links)} hires got more different links than delivery rounds")
        latencies = []
        for hire in hires:
            sent = opened.get(hire.employee_id, (None,))[0]
            sms = sms_by_phone.get(hire.mobile)
            if sent and sms:
                latencies.append(harness.parse_time(min(s["sentAt"] for s in sms)).timestamp() - sent)
        clean, canaries = harness.secret_search(work, postgres_url=chaos_url, mailbox=smtp.maildir,
                                                 mailbox_secrets=mailbox_secrets)
        if not clean:
            problems.append("the secret search found a canary")
        summary = {
            "scenario": "kill", "seed": seed, "hires": len(hires), "instances": args.instances, "kills": len(kills),
            "seconds": round(elapsed, 1), "states": dict(states), "escalated": len(escalated), "pickedUp": len(revealed),
            "bindChecked": checked, "lostReveals": len(lost_reveals), "codeSMS": sum(len(v) for v in sms_by_phone.values()),
            "duplicateMails": duplicate_mail, "canaries": canaries,
            "hireEventToSMSp50Seconds": round(harness.percentile(latencies, 50), 3),
            "hireEventToSMSp99Seconds": round(harness.percentile(latencies, 99), 3),
            "problems": problems,
        }
        if lost_reveals:
            summary["lostRevealHires"] = lost_reveals[:20]
        log(f"{len(kills)} SIGKILLs over {elapsed:.0f} s; states {dict(states)}; {len(revealed)} picked up, {checked} bind-checked "
            f"(773: the picked-up password is the AD password); {summary['codeSMS']} code SMS for {len(hires)} hires; "
            f"{duplicate_mail} duplicate e-mails (same link); hire event → SMS p50 {summary['hireEventToSMSp50Seconds']} s, "
            f"p99 {summary['hireEventToSMSp99Seconds']} s; {canaries} canaries searched")
        with open(os.path.join(work.evidence, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        if args.json:
            print(json.dumps(summary))
        for problem in problems:
            print(f"chaos kill: PROBLEM: {problem}", file=sys.stderr)
        if args.kills > 0 and len(kills) < args.kills:
            print(f"chaos kill: only {len(kills)} SIGKILLs, fewer than --kills {args.kills}", file=sys.stderr)
            return 1
        return 1 if problems else 0
    finally:
        harness.shut_down(instances, smtp, sim, work)


if __name__ == "__main__":
    sys.exit(main())
