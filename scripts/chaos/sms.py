#!/usr/bin/python3
"""The SMS provider (the simulated Azure Communication Services) fails for --outage-seconds while
hires arrive through the admin API: 500 and 503 answers, requests that hang past Firstkey's HTTP
timeout (30 s) and then fail, dropped connections, and 429 with Retry-After, in turns. Nothing may
get through during the outage, no case may fail for good, Firstkey must respect Retry-After, and
after recovery every hire gets exactly one code SMS (one per delivery round), picks the temporary
password up (the DC answers 773: the right password, must change) and every case ends cleaned up.

Most hires' escalation point (hire date − escalation.hoursBeforeHireDate) lies days after the
outage: they must never escalate. For a subset it passes in the middle of the outage: those must
be escalated (state escalated, the service desk told by e-mail through Graph), then recover
("progress resumed after escalation") and be delivered after the outage like the others.

Measured: time from recovery until every code SMS is handed over, attempts per case, requests
that reached the provider during the outage by answer, Retry-After compliance per case, escalations.
"""
import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import log  # noqa: E402

HTTP_TIMEOUT = 30  # ACSSMSConfiguration.requestTimeout
SIM_LINE = re.compile(r"^(\S+) \S+ firstkey-sim: \[FirstkeySimulator\] POST /sms (\d{3})")


def day(ts):
    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def fault_slices(outage, retry_after):
    """The outage as a list of (seconds, name, rules): the kinds in turns. Every plan ends in a
    catch-all 503, so a request no rule answers first cannot get through either."""
    prefix = "/sms"
    kinds = [
        ("500", [{"pathPrefix": prefix, "kind": "serverError", "status": 500}]),
        ("429", [{"pathPrefix": prefix, "kind": "throttle", "retryAfter": retry_after}]),
        ("timeout", [{"pathPrefix": prefix, "kind": "latency", "seconds": HTTP_TIMEOUT + 5},
                     {"pathPrefix": prefix, "kind": "serverError", "status": 504}]),
        ("503", [{"pathPrefix": prefix, "kind": "serverError", "status": 503}]),
        ("429", [{"pathPrefix": prefix, "kind": "throttle", "retryAfter": retry_after}]),
        ("drop", [{"pathPrefix": prefix, "kind": "dropConnection"}]),
    ]
    count = max(len(kinds), round(outage / 50))
    length = outage / count
    catch_all = {"pathPrefix": prefix, "kind": "serverError", "status": 503}
    return [(length, kinds[i % len(kinds)][0], kinds[i % len(kinds)][1] + [catch_all]) for i in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hires", type=int, default=200)
    parser.add_argument("--escalating", type=float, default=0.2, help="share of hires whose deadline passes during the outage")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--outage-seconds", type=float, default=600)
    parser.add_argument("--retry-after", type=float, default=None, help="Retry-After of the 429s (default 30 s; quick 8 s)")
    parser.add_argument("--time-limit", type=float, default=None, help="default outage + 1800 s")
    parser.add_argument("--bin", default=os.path.join(harness.REPO, ".build", "debug"))
    parser.add_argument("--evidence", default=os.path.join(harness.REPO, "artifacts", "chaos-sms"))
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON line at the end")
    parser.add_argument("--quick", action="store_true", help="the CI version: 30 hires, a 30 s outage")
    args = parser.parse_args()
    if args.quick:
        args.hires, args.outage_seconds = 30, 30
        args.retry_after = args.retry_after or 8
    args.retry_after = args.retry_after or 30
    args.time_limit = args.time_limit or args.outage_seconds + 1800
    began = time.monotonic()
    deadline = began + args.time_limit

    env = harness.Testenv()
    dc1 = env.dc(1)
    work = harness.Work("sms", args.evidence)
    sim = smtp = None
    instances = []
    try:
        log(f"{args.hires} hires, {args.instances} instance(s), outage {args.outage_seconds:.0f} s, 429 Retry-After {args.retry_after:g} s")
        sim = harness.Simulator(work, os.path.join(args.bin, "firstkey-sim"), dc1["DNS_DOMAIN"])
        # The service desk is told by e-mail through Graph: the app may send mail, from this mailbox.
        desk_sender = f"firstkey-desk@{dc1['DNS_DOMAIN']}"
        sim.request("POST", "/_sim/applications", {"clientId": sim.client_id, "secrets": [open(sim.secret_file).read()],
                                                   "grantedRoles": ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "Mail.Send"]})
        sim.request("POST", "/_sim/users", [{"userPrincipalName": desk_sender, "displayName": "Firstkey", "mail": desk_sender}])
        smtp = harness.SMTPSink(work)
        hires = harness.create_hires(dc1, "smsout", "SMSOutage", args.hires, work)
        sim.add_hires(hires, dc1["DNS_DOMAIN"])
        by_email = {h.email: h for h in hires}
        escalating = set(h.employee_id for h in hires[:max(1, round(args.hires * args.escalating))])

        # Deadlines: the escalation point of the escalating hires in the middle of the outage,
        # the others' a week later. Hire dates are days (00:00 UTC), hence the fractional hours.
        setup = 20 + args.hires * 0.05  # seconds until the outage begins (instance start)
        outage_start = time.time() + setup
        point = outage_start + args.outage_seconds / 2
        near_day = (int(point // 86400) + 1) * 86400
        if near_day - point < 3600:
            near_day += 86400
        hours = (near_day - point) / 3600
        near_date, far_date = day(near_day), day(near_day + 7 * 86400)
        log(f"escalation.hoursBeforeHireDate {hours:.4f}: {len(escalating)} hires start {near_date} (escalation point "
            f"{args.outage_seconds / 2:.0f} s into the outage), {len(hires) - len(escalating)} start {far_date}")

        database = work.path("firstkey.sqlite")
        first_port = harness.free_port()
        extra = (f"  hoursBeforeHireDate: {hours:.6f}\n  senderMailbox: {desk_sender}\n"
                 "engine:\n  batchSize: 16\n")
        config = harness.write_config(work, [dc1], sim, smtp, f"database: {database}", f"http://127.0.0.1:{first_port}", extra=extra)
        firstkey = harness.Firstkey(os.path.join(args.bin, "firstkey"), config, work)
        token = firstkey.token()
        fleet = harness.Fleet(firstkey, args.instances, work.evidence, first_port)
        instances = fleet.instances
        fleet.start()
        live_urls = fleet.live_urls

        # The outage, in slices of each kind; recovery = the faults cleared.
        slices = fault_slices(args.outage_seconds, args.retry_after)
        while time.time() < outage_start:
            time.sleep(0.2)
        t0 = time.time()
        sim.set_faults(slices[0][2])
        log(f"outage begins: {' → '.join(name for _s, name, _r in slices)} ({slices[0][0]:.0f} s each)")
        baseline = len(sim.sms_outbox())
        throttle_windows = []  # (start, end) of the 429 slices

        def outage():
            start = t0
            for index, (length, name, rules) in enumerate(slices):
                if index:
                    sim.set_faults(rules)
                if name == "429":
                    throttle_windows.append((start, start + length))
                start += length
                while time.time() < start:
                    time.sleep(0.1)
            sim.clear_faults()

        outage_thread = threading.Thread(target=outage, daemon=True)
        outage_thread.start()

        # Intake during the first third of the outage, escalating and other hires mixed.
        log("intake through the API while the provider fails")
        opened = {}
        rate = args.hires / max(1.0, args.outage_seconds / 3)
        order = sorted(hires, key=lambda h: (hash(h.employee_id) % 7, h.employee_id))

        def run_intake():
            near = [h for h in order if h.employee_id in escalating]
            far = [h for h in order if h.employee_id not in escalating]
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                a = pool.submit(harness.intake, live_urls, token, near, "temporary-password", near_date,
                                rate=rate * len(near) / len(hires))
                b = pool.submit(harness.intake, live_urls, token, far, "temporary-password", far_date,
                                rate=rate * len(far) / len(hires))
                opened.update(a.result())
                opened.update(b.result())

        intake_thread = threading.Thread(target=run_intake, daemon=True)
        intake_thread.start()

        leaked, outage_polls = [], 0
        while outage_thread.is_alive():
            time.sleep(2)
            outbox = sim.sms_outbox()
            outage_polls += 1
            if len(outbox) > baseline:
                leaked = outbox[baseline:]
        t1 = time.time()
        log(f"recovery: faults cleared after {t1 - t0:.0f} s; {len(leaked)} SMS got through during the outage; "
            f"{len(opened)} cases opened so far")
        intake_thread.join()

        player = harness.HirePlayer(work, sim, smtp, hires, live_urls)
        revealed, lost_reveals, mailbox_secrets = player.revealed, player.lost_reveals, player.mailbox_secrets

        sms_by_phone, mails_by_address = {}, {}
        all_sms_at, last_report, states = None, 0, {}
        while time.monotonic() < deadline:
            time.sleep(2)
            player.poll()
            sms_by_phone, mails_by_address = player.sms_by_phone, player.mails_by_address
            if all_sms_at is None and all(h.mobile in sms_by_phone for h in hires):
                all_sms_at = time.time()
                log(f"every hire has the code SMS, {all_sms_at - t1:.1f} s after recovery")
            cases = firstkey.cases()
            states = collections.Counter(c["state"] for c in cases)
            if time.monotonic() - last_report > 15:
                log(f"{len(opened)} opened, {sum(1 for h in hires if h.mobile in sms_by_phone)} with the SMS, "
                    f"{len(revealed)} picked up; states {dict(states)}")
                last_report = time.monotonic()
            settled = all(c["state"] in ("cleaned-up", "failed", "cancelled") for c in cases)
            if settled and len(cases) == len(hires) and not player.busy:
                break
        else:
            log("time limit reached")
        player.shutdown()
        for instance in instances:
            instance.stop()
        elapsed = time.monotonic() - began

        log("checking: every case, its audit trail, every message, the service desk's mail")
        cases = {c["identity"].get("employeeID"): firstkey.case(c["id"]) for c in firstkey.cases()}
        problems = []
        lost = [h.employee_id for h in hires if h.employee_id not in cases]
        if lost:
            problems.append(f"{len(lost)} hires have no case: {lost[:5]}")
        states = collections.Counter(c["state"] for c in cases.values())
        if leaked:
            problems.append(f"{len(leaked)} SMS got through during the outage (to {sorted(set(s['to'] for s in leaked))[:3]})")
        failed_ever = [e for e, c in cases.items() if any(a["event"] == "case.failed" for a in c["audit"])]
        if failed_ever:
            problems.append(f"{len(failed_ever)} cases failed for good: {failed_ever[:5]}")
        unsettled = [c for c in cases.values() if c["state"] != "cleaned-up"]
        if unsettled:
            problems.append(f"{len(unsettled)} cases not cleaned up: "
                            + ", ".join(f"{c['identity'].get('employeeID')} {c['state']}" for c in unsettled[:5]))

        # One code SMS per delivery round, none during the outage, every one after recovery.
        duplicate_sms, missing_sms, after = {}, [], []
        for hire in hires:
            sms = sms_by_phone.get(hire.mobile, [])
            allowed = 1 + cases.get(hire.employee_id, {}).get("resends", 0)
            if not sms:
                missing_sms.append(hire.employee_id)
            elif len(sms) > allowed:
                duplicate_sms[hire.employee_id] = len(sms)
            if sms:
                after.append(harness.parse_time(min(s["sentAt"] for s in sms)).timestamp() - t1)
        if missing_sms:
            problems.append(f"{len(missing_sms)} hires got no code SMS: {missing_sms[:5]}")
        if duplicate_sms:
            problems.append(f"{len(duplicate_sms)} hires got more code SMS than delivery rounds: {list(duplicate_sms.items())[:5]}")

        # Deadlines and escalation.
        desk_mail = sim.get("/_sim/outbox")["value"]
        told = collections.Counter()
        for mail in desk_mail:
            text = json.dumps(mail)
            for employee, c in cases.items():
                if c["id"] in text:
                    told[employee] += 1
        escalated, recovered, wrongly_escalated, not_escalated, late_escalation, untold = [], [], [], [], [], []
        for hire in hires:
            c = cases.get(hire.employee_id)
            if not c:
                continue
            events = [(harness.parse_time(a["at"]).timestamp(), a["event"], a["detail"]) for a in c["audit"]]
            esc = [t for t, e, _d in events if e == "case.escalated"]
            if hire.employee_id in escalating:
                if not esc:
                    not_escalated.append(hire.employee_id)
                    continue
                escalated.append(hire.employee_id)
                if esc[0] > point + 90:
                    late_escalation.append(hire.employee_id)
                if any(e == "case.recovered" for _t, e, _d in events):
                    recovered.append(hire.employee_id)
                if not told[hire.employee_id]:
                    untold.append(hire.employee_id)
            elif esc:
                wrongly_escalated.append(hire.employee_id)
        if not_escalated:
            problems.append(f"{len(not_escalated)} hires whose deadline passed were not escalated: {not_escalated[:5]}")
        if late_escalation:
            problems.append(f"{len(late_escalation)} escalations came more than 90 s after the escalation point")
        if len(recovered) != len(escalated):
            problems.append(f"{len(escalated) - len(recovered)} escalated cases did not recover after the escalation")
        if untold:
            problems.append(f"{len(untold)} escalations without an e-mail to the service desk: {untold[:5]}")
        if wrongly_escalated:
            problems.append(f"{len(wrongly_escalated)} hires escalated though their deadline is a week away: {wrongly_escalated[:5]}")
        far_point = near_day + 7 * 86400 - hours * 3600
        late = [h.employee_id for h in hires if h.employee_id not in escalating and sms_by_phone.get(h.mobile)
                and harness.parse_time(min(s["sentAt"] for s in sms_by_phone[h.mobile])).timestamp() > far_point]
        if late:
            problems.append(f"{len(late)} hires delivered after their deadline")

        # Retry-After: after a 429 the case's next attempt that reaches the provider comes no
        # earlier than Retry-After (audit times are whole seconds: 1 s of slack).
        attempts, ignored, throttled, held = [], [], 0, 0
        answers = collections.Counter()  # what each failed deliver attempt met, from the audit trails
        # Where each case's backoff had put its next attempt at recovery: how long delivery would
        # have waited without the wake-up on recovery (a case woken early shows it in its audit).
        backoff_due = []
        for c in cases.values():
            due = [harness.parse_time(a["at"]).timestamp() + int(m.group(1)) for a in c["audit"]
                   if a["event"] == "step.retry" and a["detail"].startswith("deliver")
                   and harness.parse_time(a["at"]).timestamp() <= t1
                   for m in [re.search(r"next try in (\d+) s$", a["detail"])] if m]
            if due:
                backoff_due.append(max(0.0, max(due) - t1))
        woken = sum(1 for c in cases.values() if any(a["event"] == "delivery.channel-recovered" for a in c["audit"]))
        for employee, c in cases.items():
            deliver = next(s for s in c["steps"] if s["kind"] == "deliver")
            attempts.append(deliver["attempts"])
            tries = [(harness.parse_time(a["at"]).timestamp(), a["event"], a["detail"]) for a in c["audit"]
                     if (a["event"] in ("step.retry", "step.succeeded") and a["detail"].startswith("deliver"))]
            for index, (t, event, detail) in enumerate(tries):
                if "held back" in detail:
                    held += 1
                if event == "step.retry":
                    status = re.search(r"\[HTTP (\d{3})", detail)
                    answers["held back (Retry-After)" if "held back" in detail else status.group(1) if status
                            else "timeout" if "did not answer in time" in detail
                            else "connection lost" if "connection to the provider was lost" in detail
                            else "unreachable" if "could not be reached" in detail else "other"] += 1
                if event != "step.retry" or "HTTP 429" not in detail:
                    continue
                throttled += 1
                following = [u for u, _e, d in tries[index + 1:] if "held back" not in d]
                if following and following[0] - t < args.retry_after - 1:
                    ignored.append((employee, round(following[0] - t, 1)))
        if ignored:
            problems.append(f"{len(ignored)} times a case reached the provider again before Retry-After "
                            f"({args.retry_after:g} s): {ignored[:5]}")

        # What reached the simulated provider, from its request log.
        by_status, per_window = collections.Counter(), collections.Counter()
        during = collections.Counter()
        for line in open(sim.log_path, encoding="utf-8", errors="replace"):
            m = SIM_LINE.match(line)
            if not m:
                continue
            ts = harness.parse_time(m.group(1).replace("+0000", "+00:00")).timestamp()
            by_status[m.group(2)] += 1
            if t0 <= ts < t1 + 1:
                during[m.group(2)] += 1
                per_window[int((ts - t0) // 10)] += 1
        peak_window = max(per_window.values()) if per_window else 0
        throttled_rate = [per_window[w] for w in per_window if any(s <= t0 + w * 10 and t0 + w * 10 + 10 <= e for s, e in throttle_windows)]

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
        if len(revealed) != len(hires):
            problems.append(f"{len(hires) - len(revealed)} hires could not pick their password up")

        clean, canaries = harness.secret_search(work, sqlite=[database], mailbox=smtp.maildir, mailbox_secrets=mailbox_secrets)
        if not clean:
            problems.append("the secret search found a canary")
        summary = {
            "scenario": "sms", "hires": len(hires), "instances": args.instances, "outageSeconds": round(t1 - t0, 1),
            "faults": [name for _s, name, _r in slices], "retryAfterSeconds": args.retry_after,
            "seconds": round(elapsed, 1), "states": dict(states), "smsDuringOutage": len(leaked),
            "recoveryToAllSMSSeconds": round(all_sms_at - t1, 1) if all_sms_at else None,
            "recoveryToSMSp50Seconds": round(harness.percentile(after, 50), 1),
            "recoveryToSMSp99Seconds": round(harness.percentile(after, 99), 1),
            "codeSMS": sum(len(v) for v in sms_by_phone.values()), "duplicateSMS": len(duplicate_sms),
            "deliverAttemptsMean": round(sum(attempts) / max(1, len(attempts)), 2), "deliverAttemptsMax": max(attempts or [0]),
            "providerRequestsDuringOutage": dict(during), "providerRequestsTotal": dict(by_status),
            "peakRequestsPer10s": peak_window, "requestsPer10sWhileThrottled": throttled_rate,
            "failedDeliverAttempts": dict(answers), "throttledAttempts": throttled, "heldBackForRetryAfter": held, "casesWokenOnRecovery": woken,
            "backoffDueAfterRecoveryp50Seconds": round(harness.percentile(backoff_due, 50), 1),
            "backoffDueAfterRecoveryMaxSeconds": round(max(backoff_due or [0]), 1), "retryAfterIgnored": len(ignored),
            "escalatingHires": len(escalating), "escalated": len(escalated), "recoveredAfterEscalation": len(recovered),
            "serviceDeskMails": len(desk_mail), "wronglyEscalated": len(wrongly_escalated),
            "pickedUp": len(revealed), "bindChecked": checked, "lostReveals": len(lost_reveals), "canaries": canaries,
            "problems": problems,
        }
        log(f"outage {summary['outageSeconds']:.0f} s, {len(leaked)} SMS through during it, "
            f"failed deliver attempts {dict(answers)}; recovery → all SMS "
            f"{summary['recoveryToAllSMSSeconds']} s (p50 {summary['recoveryToSMSp50Seconds']} s); deliver attempts mean "
            f"{summary['deliverAttemptsMean']} max {summary['deliverAttemptsMax']}; {throttled} 429s, {len(ignored)} Retry-After "
            f"ignored, {held} held back; {woken} cases woken on recovery (their backoff said p50 "
            f"{summary['backoffDueAfterRecoveryp50Seconds']} s, max {summary['backoffDueAfterRecoveryMaxSeconds']} s after it); {len(escalated)}/{len(escalating)} escalated, {len(recovered)} recovered, "
            f"{len(desk_mail)} service-desk mails; states {dict(states)}; {len(revealed)} picked up, {checked} bind-checked; "
            f"{summary['codeSMS']} code SMS for {len(hires)} hires; {canaries} canaries searched; {elapsed:.0f} s")
        with open(os.path.join(work.evidence, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        if args.json:
            print(json.dumps(summary))
        for problem in problems:
            print(f"chaos sms: PROBLEM: {problem}", file=sys.stderr)
        return 1 if problems else 0
    finally:
        harness.shut_down(instances, smtp, sim, work)


if __name__ == "__main__":
    sys.exit(main())
