#!/usr/bin/python3
"""The DC goes away mid-run. Hires arrive through the admin API at one or two `firstkey serve`
instances (ldap.url [DC1, DC2], in that order) and pick their temporary passwords up (link by
e-mail, code by SMS through the simulated ACS). After some cases are done, while work is in
flight, DC1 is stopped: work must move to DC2 within 5 s (measured from the stop to the next
password written on DC2, by the audit trail's timestamps). Later DC2 is stopped too, for a bounded
time: cases must wait and retry, none may fail, no instance may stop. Then both DCs start again
and everything must settle: every case cleaned up (picked up) or explicitly escalated, none lost,
and every picked-up password must be the AD password (the DC answers 773: right password, must
change) on each DC the audit trail says it was written to. Stopped DCs are always started again.

The test DCs are two independently provisioned Samba domains with the same name, accounts and
passwords, not replicas (scripts/lib/testenv.sh); even their domain SIDs differ. So each hire is
created on DC1 over LDAP and then on DC2 with DC1's objectGUID (written locally into DC2's
sam.ldb with the relax control, which Samba refuses over LDAP), and the hire's Entra user
carries onPremisesImmutableId = base64(objectGUID) instead of the on-premises SID, which no
object of DC2's domain can carry and still bind. A real AD replicates the object, so both
anchors match on every DC.
"""
import argparse
import base64
import collections
import concurrent.futures
import csv
import io
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import log  # noqa: E402

AD_STEPS = ("correlate", "check", "prepare-credential")
WRITTEN = re.compile(r"^prepare-credential: temporary password written to \S+ on (\S+),")


# --- the test DCs -------------------------------------------------------------------------

def dc_server(name, command):
    """scripts/lib/testenv.sh's testenv_server NAME start|stop|status; returns the exit code."""
    out = subprocess.run(["bash", "-c", 'source scripts/lib/testenv.sh && testenv_server "$1" "$2"', "dc", name, command],
                         cwd=harness.REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=180)
    if out.returncode != 0 and command != "status":
        log(f"testenv_server {name} {command} exited {out.returncode}: {out.stderr.strip()[-400:]}")
    return out.returncode


def mirror_hires(dc1, dc2, hires, ou_name, work):
    """Each hire of DC1 (harness.create_hires) also on DC2 with the same objectGUID, disabled and
    without a password. Samba accepts a given objectGUID only with the relax control, and only
    from a local (system) session, not over LDAP: so this writes DC2's sam.ldb directly while
    its samba runs, as samba-tool does. DC2 allocates the objectSid in its own domain."""
    import ldap
    import ldb
    from samba.auth import system_session
    from samba.param import LoadParm
    from samba.samdb import SamDB
    began = time.monotonic()
    admin = work.secret_file(f"admin-password-mirror-{dc1['HOST']}", dc1["ADMIN_PASSWORD"])
    conn = harness.ldap_common.connect(dc1["LDAPS_URI"], dc1["CA_CERT"], 60)
    conn.simple_bind_s(dc1["ADMIN_DN"], harness.ldap_common.read_secret(admin, "admin password", "chaos dc"))
    ou = f"OU={ou_name},{dc1['USERS_OU']}"
    guids = {attrs["sAMAccountName"][0].decode().lower(): attrs["objectGUID"][0] for dn, attrs in
             conn.search_s(ou, ldap.SCOPE_ONELEVEL, "(objectClass=user)", ["sAMAccountName", "objectGUID"]) if dn}
    conn.unbind_s()
    lp = LoadParm()
    lp.load(os.path.join(dc2["STATE_DIR"], "etc", "smb.conf"))
    db = SamDB(url=os.path.join(dc2["STATE_DIR"], "private", "sam.ldb"), session_info=system_session(), lp=lp)
    ou2 = f"OU={ou_name},{dc2['USERS_OU']}"
    if not db.search(base=dc2["USERS_OU"], scope=ldb.SCOPE_ONELEVEL, expression=f"(ou={ou_name})", attrs=["ou"]):
        m = ldb.Message(ldb.Dn(db, ou2))
        m["objectClass"] = ldb.MessageElement([b"top", b"organizationalUnit"], ldb.FLAG_MOD_ADD, "objectClass")
        m["ou"] = ldb.MessageElement([ou_name.encode()], ldb.FLAG_MOD_ADD, "ou")
        db.add(m)
    existing = {str(r["sAMAccountName"][0]).lower(): (str(r.dn), bytes(r["objectGUID"][0])) for r in
                db.search(base=ou2, scope=ldb.SCOPE_ONELEVEL, expression="(objectClass=user)", attrs=["sAMAccountName", "objectGUID"])}
    reset = added = 0
    for hire in hires:
        guid = guids[hire.sam]
        hire.guid = guid
        hire.immutable_id = base64.b64encode(guid).decode()
        if hire.sam in existing and existing[hire.sam][1] == guid:
            m = ldb.Message(ldb.Dn(db, existing[hire.sam][0]))
            m["userAccountControl"] = ldb.MessageElement([b"546"], ldb.FLAG_MOD_REPLACE, "userAccountControl")
            m["pwdLastSet"] = ldb.MessageElement([b"0"], ldb.FLAG_MOD_REPLACE, "pwdLastSet")
            db.modify(m)
            reset += 1
            continue
        if hire.sam in existing:
            db.delete(existing[hire.sam][0])
        m = ldb.Message(ldb.Dn(db, hire.dn))
        for name, values in (("objectClass", [b"top", b"person", b"organizationalPerson", b"user"]), ("cn", [hire.sam.encode()]),
                             ("sAMAccountName", [hire.sam.encode()]), ("userPrincipalName", [hire.upn.encode()]),
                             ("employeeID", [hire.employee_id.encode()]), ("userAccountControl", [b"546"]), ("objectGUID", [guid])):
            m[name] = ldb.MessageElement(values, ldb.FLAG_MOD_ADD, name)
        db.add(m, controls=["relax:0"])
        added += 1
    log(f"{len(hires)} hires mirrored to {dc2['HOST']} with DC1's objectGUID ({added} added, {reset} reset) "
        f"in {time.monotonic() - began:.1f} s")


def add_entra_users(sim, hires, domain):
    """The hires' Entra users, as Entra Connect syncs them, anchored by the immutable ID
    (base64 of the objectGUID, Entra Connect's sourceAnchor) — the one anchor both test DCs share."""
    users = [{"userPrincipalName": h.upn, "displayName": h.sam, "employeeId": h.employee_id, "mobilePhone": h.mobile,
              "otherMails": [h.email], "onPremisesImmutableId": h.immutable_id, "onPremisesSamAccountName": h.sam,
              "onPremisesSyncEnabled": True, "onPremisesDomainName": domain, "onPremisesUserPrincipalName": h.upn}
             for h in hires]
    for start in range(0, len(users), 200):
        sim.request("POST", "/_sim/users", users[start:start + 200])


# --- what the engine did ------------------------------------------------------------------

def audit_rows(pg_url=None, sqlite_path=None):
    """Every audit record: (case id, epoch seconds, event, detail), in order."""
    query = "SELECT case_id, at, event, detail FROM audit ORDER BY id"
    if pg_url:
        out = subprocess.run(["psql", pg_url, "-q", "--csv", "-c", query], capture_output=True, text=True, check=True)
        rows = list(csv.reader(io.StringIO(out.stdout)))[1:]
        return [(r[0], float(r[1]), r[2], r[3]) for r in rows]
    db = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, timeout=30)
    try:
        return [(r[0], float(r[1]), r[2], r[3]) for r in db.execute(query)]
    finally:
        db.close()


def metric_sum(instances, token, name, **labels):
    """The sum of one Prometheus counter over the live instances (None where one did not answer).
    /metrics on the API listener needs a read token."""
    total = 0.0
    for instance in instances:
        try:
            request = urllib.request.Request(instance.url + "/metrics", headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=5) as response:
                text = response.read().decode()
        except Exception:
            return None
        for line in text.splitlines():
            if not line.startswith(name + "{") and not line.startswith(name + " "):
                continue
            if all(f'{key}="{value}"' in line for key, value in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hires", type=int, default=300)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--store", choices=("postgres", "sqlite"), default="postgres",
                        help="postgres (the instances share one database) or sqlite (one instance)")
    parser.add_argument("--before", type=float, default=20, help="seconds of work on both DCs before DC1 is stopped")
    parser.add_argument("--dc2-only", type=float, default=20, help="seconds on DC2 alone before it is stopped too")
    parser.add_argument("--outage", type=float, default=60, help="seconds with both DCs stopped")
    parser.add_argument("--time-limit", type=float, default=900)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--bin", default=os.path.join(harness.REPO, ".build", "debug"))
    parser.add_argument("--evidence", default=os.path.join(harness.REPO, "artifacts", "chaos-dc"))
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON line at the end")
    parser.add_argument("--quick", action="store_true", help="the CI version: 40 hires, 8 s phases, a 15 s outage, at most 300 s")
    args = parser.parse_args()
    if args.quick:
        args.hires, args.before, args.dc2_only, args.outage, args.time_limit = 40, 8, 8, 15, 300
    if args.store == "sqlite":
        args.instances = 1
    seed = args.seed if args.seed is not None else int(time.time())
    random.seed(seed)
    began = time.monotonic()
    deadline = began + args.time_limit

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    env = harness.Testenv()
    dc1, dc2 = env.dc(1), env.dc(2)
    dcs_by_url = {dc1["LDAPS_URI"] + ("" if dc1["LDAPS_URI"].count(":") > 1 else ":636"): dc1,
                  dc2["LDAPS_URI"] + ("" if dc2["LDAPS_URI"].count(":") > 1 else ":636"): dc2}
    work = harness.Work("dc", args.evidence)
    sim = smtp = None
    instances = []
    stopped = set()   # the DCs this run stopped and has not started again
    # The fault thread stops a DC only under this lock and while not `aborting`; `finally`
    # sets it under the lock first, so no DC is stopped after the restart below.
    dc_lock, aborting = threading.Lock(), threading.Event()

    def stop_dc(name):
        with dc_lock:
            if aborting.is_set():
                raise RuntimeError("the run is ending")
            stopped.add(name)
            dc_server(name, "stop")
    try:
        log(f"seed {seed}; {args.hires} hires, {args.instances} instance(s) on {args.store}; {args.before:.0f} s on both DCs, "
            f"{args.dc2_only:.0f} s on DC2 alone, {args.outage:.0f} s with none; limit {args.time_limit:.0f} s")
        for name in ("dc1", "dc2"):
            if dc_server(name, "status") != 0:
                harness.fail(f"{name} is not running (scripts/test-env-up)")
        sim = harness.Simulator(work, os.path.join(args.bin, "firstkey-sim"), dc1["DNS_DOMAIN"])
        smtp = harness.SMTPSink(work)
        hires = harness.create_hires(dc1, "dcfo", "ChaosDC", args.hires, work)
        mirror_hires(dc1, dc2, hires, "ChaosDC", work)
        add_entra_users(sim, hires, dc1["DNS_DOMAIN"])
        by_email = {h.email: h for h in hires}

        pg_url = sqlite_path = None
        if args.store == "postgres":
            database = "firstkey_chaos_dc"
            subprocess.run(["psql", env["PG_URL"], "-qc", f"DROP DATABASE IF EXISTS {database}", "-c", f"CREATE DATABASE {database}"],
                           check=True, capture_output=True)
            pg_url = env["PG_URL"].rsplit("/", 1)[0] + "/" + database
            store = f"postgresUrlFile: {work.secret_file('pg-url', pg_url, canary=False)}"
        else:
            sqlite_path = work.path("firstkey.sqlite")
            store = f"database: {sqlite_path}"
        first_port = harness.free_port()
        config = harness.write_config(work, [dc1, dc2], sim, smtp, store, f"http://127.0.0.1:{first_port}",
                                      extra="engine:\n  leaseSeconds: 30\n  batchSize: 16\n")
        firstkey = harness.Firstkey(os.path.join(args.bin, "firstkey"), config, work)
        token = firstkey.token()
        fleet = harness.Fleet(firstkey, args.instances, work.evidence, first_port)
        instances = fleet.instances
        fleet.start()
        live_urls = fleet.live_urls

        # Hires arrive at a steady rate over the whole fault sequence, so work is in flight at
        # each fault and new cases open while both DCs are gone.
        arrival_seconds = args.before + args.dc2_only + args.outage + args.before
        rate = args.hires / arrival_seconds
        hire_date = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 86400))
        opened = {}

        def intake():
            start = time.monotonic()
            for index in range(0, len(hires), 4):
                time.sleep(max(0.0, start + index / rate - time.monotonic()))
                opened.update(harness.intake(live_urls, token, hires[index:index + 4], "temporary-password", hire_date, workers=4))

        # The fault sequence, beside the pickup loop. Times are wall-clock (time.time()), like
        # the audit trail's.
        marks, observations = {}, collections.defaultdict(list)
        problems = []
        conductor_error = []
        interference = set()   # stopped DCs that answered anyway: another process started them

        def written_so_far():
            return metric_sum(instances, token, "firstkey_step_outcomes_total", step="prepare-credential", outcome="succeeded") or 0

        def watch(seconds, label):
            """Waits `seconds`, noting every 2 s the instances' health and the cases' states."""
            end = time.monotonic() + seconds
            while time.monotonic() < end and not aborting.is_set():
                time.sleep(min(2.0, max(0.0, end - time.monotonic())))
                for name in sorted(stopped):
                    dc = dc1 if name == "dc1" else dc2
                    try:
                        socket.create_connection((dc["HOST"], int(dc["LDAPS_PORT"])), timeout=1).close()
                        interference.add(name)
                    except OSError:
                        pass
                dead = [i.number for i in instances if not i.alive()]
                states = collections.Counter(c["state"] for c in firstkey.cases())
                observations[label].append({"at": round(time.time(), 3), "states": dict(states), "deadInstances": dead})
                if dead:
                    problems.append(f"instance(s) {dead} stopped during {label}")
                    return

        def conductor():
            try:
                wait_until = time.monotonic() + args.before
                while time.monotonic() < wait_until or written_so_far() < max(3, args.hires // 20):
                    time.sleep(0.5)
                    if time.monotonic() > began + args.before * 4 + 120:
                        raise RuntimeError("too few passwords written before the first fault")
                marks["writtenBeforeDC1Stop"] = written_so_far()
                marks["retriesBeforeDC1Stop"] = metric_sum(instances, token, "firstkey_step_outcomes_total", outcome="retry")
                log(f"stopping DC1 ({marks['writtenBeforeDC1Stop']:.0f} passwords written so far)")
                marks["dc1Stop"] = time.time()
                stop_dc("dc1")
                marks["dc1Stopped"] = time.time()
                log(f"DC1 stopped ({marks['dc1Stopped'] - marks['dc1Stop']:.1f} s); work goes on on DC2 alone")
                watch(args.dc2_only, "dc2-only")
                marks["retriesBeforeDC2Stop"] = metric_sum(instances, token, "firstkey_step_outcomes_total", outcome="retry")
                log("stopping DC2 too: no DC at all")
                marks["dc2Stop"] = time.time()
                stop_dc("dc2")
                marks["dc2Stopped"] = time.time()
                watch(args.outage - (marks["dc2Stopped"] - marks["dc2Stop"]), "outage")
                if aborting.is_set():
                    return
                log("starting DC1 and DC2 again")
                marks["dcsStart"] = time.time()
                with dc_lock:   # not beside `finally`'s restart
                    if aborting.is_set():
                        return
                    for name in ("dc1", "dc2"):
                        if dc_server(name, "start") == 0:
                            stopped.discard(name)
                            marks[f"{name}Started"] = time.time()
                        else:
                            problems.append(f"{name} did not start again")
                log(f"both DCs answer again, {marks.get('dc2Started', time.time()) - marks['dcsStart']:.1f} s after the start began")
            except Exception as error:  # noqa: BLE001  (reported, and the DCs started in `finally`)
                conductor_error.append(error)

        player = harness.HirePlayer(work, sim, smtp, hires, live_urls)
        revealed, lost_reveals, mailbox_secrets = player.revealed, player.lost_reveals, player.mailbox_secrets

        log(f"intake through the API at {rate:.2f} hires/s; the faults follow")
        intake_thread = threading.Thread(target=intake, daemon=True)
        intake_thread.start()
        conductor_thread = threading.Thread(target=conductor, daemon=True)
        conductor_thread.start()

        sms_by_phone, mails_by_address = {}, {}
        states, last_report, settled_at = {}, 0, None
        while time.monotonic() < deadline:
            time.sleep(2)
            player.poll()
            sms_by_phone, mails_by_address = player.sms_by_phone, player.mails_by_address
            if conductor_error:
                break
            if intake_thread.is_alive() or conductor_thread.is_alive():
                continue
            cases = firstkey.cases()
            states = collections.Counter(c["state"] for c in cases)
            if time.monotonic() - last_report > 15:
                log(f"{len(opened)} opened, {len(revealed)} picked up; states {dict(states)}")
                last_report = time.monotonic()
            settled = all(c["state"] in ("cleaned-up", "escalated", "failed", "cancelled") for c in cases)
            if settled and len(cases) == len(hires) and not player.busy:
                settled_at = time.time()
                break
        else:
            log("time limit reached")
        conductor_thread.join(5)
        player.shutdown()
        for instance in instances:
            if not instance.alive():
                problems.append(f"instance {instance.number} was not running at the end")
            instance.stop()
        elapsed = time.monotonic() - began
        if conductor_error:
            problems.append(f"the fault sequence stopped: {conductor_error[0]}")
        if interference:
            problems.append(f"{', '.join(sorted(interference))} answered while stopped: another process (scripts/test-env-up?) "
                            "started it, so this run does not prove the fault")

        log("checking: failover, the outage, every case, every credential")
        rows = audit_rows(pg_url, sqlite_path)
        case_of = {}
        cases = firstkey.cases()
        for c in cases:
            case_of[c["id"]] = c["identity"].get("employeeID")
        writes = [(at, case, WRITTEN.match(detail).group(1)) for case, at, event, detail in rows
                  if event == "step.succeeded" and WRITTEN.match(detail)]
        ad_step = re.compile(r"^(%s)[: ]" % "|".join(AD_STEPS))

        def ad_events(event, start, end):
            return [(at, case, detail) for case, at, e, detail in rows if e == event and start <= at < end and ad_step.match(detail)]

        summary_failover = {}
        if "dc1Stop" in marks:
            t0 = marks["dc1Stop"]
            on_dc1_before = [at for at, _c, server in writes if at < t0 and server.startswith(dc1["LDAPS_URI"])]
            dc2_after = sorted(at for at, _c, server in writes if at >= t0 and server.startswith(dc2["LDAPS_URI"]))
            dc1_after = [at for at, _c, server in writes if t0 <= at < marks.get("dc2Stop", float("inf")) and server.startswith(dc1["LDAPS_URI"])]
            any_step_after = sorted(at for at, _c, _d in ad_events("step.succeeded", marks.get("dc1Stopped", t0), float("inf")))
            window_end = marks.get("dc2Stop", t0 + args.dc2_only)
            failed_steps = ad_events("step.retry", t0, window_end) + ad_events("step.waiting", t0, window_end)
            failover = (dc2_after[0] - t0) if dc2_after else None
            summary_failover = {
                "passwordsWrittenOnDC1BeforeStop": len(on_dc1_before),
                "dc1StopCommandSeconds": round(marks["dc1Stopped"] - t0, 2) if "dc1Stopped" in marks else None,
                "failoverSeconds": round(failover, 3) if failover is not None else None,
                "firstADStepAfterDC1GoneSeconds": round(any_step_after[0] - marks["dc1Stopped"], 3) if any_step_after else None,
                "writesOnDC2WhileDC1Down": len([a for a in dc2_after if a < window_end]),
                "writesOnDC1AfterStopIssued": len(dc1_after),
                "failedStepsDuringFailover": len(failed_steps),
                # the same count from the instances' /metrics (every step kind, not only AD steps)
                "retriedStepsDuringFailoverMetric": (marks["retriesBeforeDC2Stop"] - marks["retriesBeforeDC1Stop"])
                if marks.get("retriesBeforeDC2Stop") is not None and marks.get("retriesBeforeDC1Stop") is not None else None,
                "failedStepReasons": sorted({re.sub(r"attempt \d+: ", "", d).split(";")[0][:160] for _a, _c, d in failed_steps})[:5],
            }
            if failover is None:
                problems.append("no password was written on DC2 after DC1 stopped")
            elif failover > 5:
                problems.append(f"failover took {failover:.1f} s (goal < 5 s)")
        summary_outage = {}
        if "dc2Stop" in marks:
            start, end = marks["dc2Stop"], marks.get("dcsStart", time.time())
            retried = ad_events("step.retry", start, end) + ad_events("step.waiting", start, end)
            failed_in_outage = [case for case, at, event, _d in rows if event == "case.failed" and at >= start]
            resumed = sorted(at for at, _c, _d in ad_events("step.succeeded", end, float("inf")))
            # a step that finished in the first second may have begun before DC2 went away
            succeeded_in_outage = ad_events("step.succeeded", marks.get("dc2Stopped", start) + 1, end)
            if succeeded_in_outage:
                problems.append(f"{len(succeeded_in_outage)} AD steps succeeded while both DCs were to be stopped")
            summary_outage = {
                "outageSeconds": round(end - start, 1),
                "stepsRetriedOrWaitingInOutage": len(retried),
                "casesRetriedInOutage": len({c for _a, c, _d in retried}),
                "casesFailedAfterDC2Stop": len(failed_in_outage),
                "adStepsSucceededInOutage": len(succeeded_in_outage),
                "firstADStepAfterRestartSeconds": round(resumed[0] - end, 3) if resumed else None,
                "dcStartSeconds": round(marks["dc2Started"] - end, 1) if "dc2Started" in marks else None,
                "settledAfterRestartSeconds": round(settled_at - marks["dc2Started"], 1) if settled_at and "dc2Started" in marks else None,
                "statesSeenInOutage": observations.get("outage", [{}])[-1].get("states") if observations.get("outage") else None,
            }
            if failed_in_outage:
                problems.append(f"{len(failed_in_outage)} cases failed after DC2 stopped")
            if not resumed:
                problems.append("no AD step succeeded after the DCs started again")

        settlement, by_employee, states, escalated = harness.settlement_problems(hires, cases, revealed)
        problems += settlement
        lost = [h.employee_id for h in hires if h.employee_id not in by_employee]
        written_on = collections.defaultdict(set)
        for _at, case, server in writes:
            written_on[case_of.get(case)].add(server)
        wrong, checked, per_dc, elsewhere = [], 0, collections.Counter(), collections.Counter()
        for hire in hires:
            passwords = revealed.get(hire.employee_id)
            if not passwords:
                continue
            servers = written_on.get(hire.employee_id, set())
            if not servers:
                wrong.append(f"{hire.sam}: picked up, but no write in the audit trail")
            for url, dc in dcs_by_url.items():
                result = harness.bind_result(dc, hire.dn, passwords[0])
                if url in servers:
                    checked += 1
                    per_dc[dc["HOST"]] += 1
                    if result != "must-change":
                        wrong.append(f"{hire.sam} on {dc['HOST']}: {result}")
                else:
                    elsewhere[f"{dc['HOST']}: {result}"] += 1
        if wrong:
            problems.append(f"{len(wrong)} picked-up passwords are not the AD password where written: {wrong[:3]}")
        resends = {c["identity"].get("employeeID"): c.get("resends", 0) for c in cases}
        duplicate_sms = {h.employee_id: len(sms_by_phone.get(h.mobile, [])) for h in hires
                         if len(sms_by_phone.get(h.mobile, [])) > 1 + resends.get(h.employee_id, 0)}
        if duplicate_sms:
            problems.append(f"{len(duplicate_sms)} hires got more code SMS than delivery rounds: {list(duplicate_sms.items())[:5]}")
        clean, canaries = harness.secret_search(work, postgres_url=pg_url, sqlite=[sqlite_path] if sqlite_path else None,
                                                 mailbox=smtp.maildir, mailbox_secrets=mailbox_secrets)
        if not clean:
            problems.append("the secret search found a canary")
        summary = {
            "scenario": "dc", "seed": seed, "hires": len(hires), "instances": args.instances, "store": args.store,
            "seconds": round(elapsed, 1), "states": dict(states), "escalated": len(escalated), "pickedUp": len(revealed),
            "settled": sum(states[s] for s in ("cleaned-up", "escalated")), "lost": len(lost),
            "lostReveals": len(lost_reveals), "passwordWrites": len(writes),
            "bindChecked": checked, "bindCheckedPerDC": dict(per_dc), "bindOnTheOtherDC": dict(elsewhere),
            "codeSMS": sum(len(v) for v in sms_by_phone.values()), "canaries": canaries,
            **summary_failover, **summary_outage,
            "dcsStartedByOthers": sorted(interference),
            "marks": {k: round(v, 3) for k, v in marks.items()}, "problems": problems,
        }
        log(f"failover {summary.get('failoverSeconds')} s (DC1 stop → next password written on DC2; stop command "
            f"{summary.get('dc1StopCommandSeconds')} s), {summary.get('failedStepsDuringFailover')} steps failed during failover; "
            f"outage {summary.get('outageSeconds')} s: {summary.get('stepsRetriedOrWaitingInOutage')} steps of "
            f"{summary.get('casesRetriedInOutage')} cases retried, {summary.get('casesFailedAfterDC2Stop')} failed; first AD step "
            f"{summary.get('firstADStepAfterRestartSeconds')} s after the DCs' start began, settled {summary.get('settledAfterRestartSeconds')} s "
            f"after both; {summary['settled']}/{len(hires)} cases settled (states {dict(states)}), {len(lost)} lost; "
            f"{len(revealed)} picked up, {checked} bind-checked where written (773) {dict(per_dc)}; {canaries} canaries searched; "
            f"{elapsed:.0f} s")
        with open(os.path.join(work.evidence, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        if args.json:
            print(json.dumps(summary))
        for problem in problems:
            print(f"chaos dc: PROBLEM: {problem}", file=sys.stderr)
        return 1 if problems else 0
    finally:
        with dc_lock:
            aborting.set()
        for name in ("dc1", "dc2"):
            if name in stopped or dc_server(name, "status") != 0:
                log(f"starting {name} again")
                dc_server(name, "start")
        harness.shut_down(instances, smtp, sim, work)


if __name__ == "__main__":
    sys.exit(main())
