"""What the fault and load runs (scripts/chaos) share: the test servers' facts, a private
work directory for secrets, the Microsoft simulator and the SMTP capture server, new hires on
a DC, a configuration file, `firstkey serve` instances that can be killed, the admin API, the
pickup page as a hire uses it, and the canary list for the secret search.

No secret is ever printed or put on a command line: they go to mode-600 files in the work
directory, and each one is recorded as a canary (Work.canary) for scripts/check-secrets.
"""
import collections
import concurrent.futures
import datetime
import email
import email.policy
import glob
import html
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

REPO = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts", "bench"))
import ldap_common  # noqa: E402  (python-ldap, certificate verification on)


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def fail(message):
    raise SystemExit(f"chaos: error: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


class Testenv:
    """The facts scripts/test-env-up wrote to .testenv/env."""

    def __init__(self):
        path = os.path.join(REPO, ".testenv", "env")
        if not os.path.exists(path):
            fail("no .testenv/env: start the test servers (scripts/test-env-up)")
        self.facts = {}
        for line in open(path, encoding="utf-8"):
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                self.facts[key] = value

    def __getitem__(self, key):
        return self.facts[key]

    def dc(self, number):
        prefix = f"DC{number}_"
        return {key[len(prefix):]: value for key, value in self.facts.items() if key.startswith(prefix)}

    def secrets(self):
        return [value for key, value in self.facts.items() if key.endswith("_PASSWORD")]


class Work:
    """A private directory (mode 700) for everything a run writes; the evidence directory
    (logs, database dumps, reports) is kept under artifacts/ for the secret search."""

    def __init__(self, name, keep_dir):
        self.dir = tempfile.mkdtemp(prefix=f"firstkey-chaos-{name}.")
        os.chmod(self.dir, 0o700)
        self.evidence = keep_dir
        if os.path.exists(keep_dir):
            shutil.rmtree(keep_dir)
        os.makedirs(keep_dir, mode=0o700)
        self.canaries = []
        self.lock = threading.Lock()

    def path(self, name):
        return os.path.join(self.dir, name)

    def secret_file(self, name, value, canary=True):
        path = self.path(name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(value)
        if canary:
            self.canary(value)
        return path

    def canary(self, value):
        if value and len(value) >= 8:
            with self.lock:
                self.canaries.append(value)

    def write_canaries(self, extra=()):
        path = self.path("canaries")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            for value in sorted(set(self.canaries) | set(v for v in extra if len(v) >= 8)):
                f.write(value + "\n")
        return path

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Simulator:
    """firstkey-sim: Entra ID, Graph and Azure Communication Services SMS over HTTPS."""

    def __init__(self, work, binary, domain):
        self.work = work
        self.client_id = str(uuid.uuid4())
        self.secret_file = work.secret_file("entra-secret", os.urandom(24).hex())
        state = work.path("sim")
        os.makedirs(state)
        seed = {"applications": [{"clientId": self.client_id, "secrets": [open(self.secret_file).read()],
                                  "grantedRoles": ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All"]}],
                "communicationResources": [{"name": "chaos-sms", "phoneNumbers": ["+18005550100"]}]}
        seed_path = work.secret_file("seed.json", json.dumps(seed), canary=False)
        self.log_path = os.path.join(work.evidence, "simulator.log")
        self.process = subprocess.Popen([binary, "serve", "--http-port", "0", "--https-port", "0", "--state-dir", state,
                                         "--seed", seed_path, "--domain", domain],
                                        stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        ready = os.path.join(state, "ready.json")
        for _ in range(200):
            if os.path.exists(ready):
                break
            if self.process.poll() is not None:
                fail(f"firstkey-sim stopped at start (see {self.log_path})")
            time.sleep(0.1)
        else:
            fail("firstkey-sim did not start in 20 s")
        facts = json.load(open(ready))
        self.url, self.tenant, self.ca = facts["httpsURL"], facts["tenantId"], facts["caPath"]
        self.context = ssl.create_default_context(cafile=self.ca)
        connection = self.get("/_sim/acs/resources")["value"][0]["connectionString"]
        self.acs_file = work.secret_file("acs-connection-string", connection, canary=False)
        work.canary(re.search(r"accesskey=([^;]+)", connection, re.I).group(1))

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"} if data else {})
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def get(self, path):
        return self.request("GET", path)

    def add_hires(self, hires, domain):
        """The hires' Entra users, as Entra Connect syncs them (on-premises SID and names)."""
        users = [{"userPrincipalName": h.upn, "displayName": h.sam, "employeeId": h.employee_id, "mobilePhone": h.mobile,
                  "otherMails": [h.email], "onPremisesSecurityIdentifier": h.sid, "onPremisesSamAccountName": h.sam,
                  "onPremisesSyncEnabled": True, "onPremisesDomainName": domain, "onPremisesUserPrincipalName": h.upn}
                 for h in hires]
        for start in range(0, len(users), 200):
            self.request("POST", "/_sim/users", users[start:start + 200])

    def sms_outbox(self):
        return self.get("/_sim/sms/outbox")["value"]

    def set_faults(self, rules):
        return self.request("PUT", "/_sim/faults", {"rules": rules})

    def clear_faults(self):
        return self.request("DELETE", "/_sim/faults")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class SMTPSink:
    """scripts/testenv/smtp-sink on its own ports: every message a file."""

    def __init__(self, work):
        self.state = work.path("smtp")
        self.port = free_port()
        self.tls_port = free_port()
        self.env = dict(os.environ, SMTP_SINK_STATE_DIR=self.state, SMTP_PORT=str(self.port), SMTP_TLS_PORT=str(self.tls_port))
        out = subprocess.run([os.path.join(REPO, "scripts/testenv/smtp-sink"), "start"], env=self.env,
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if out.returncode != 0:
            fail(f"smtp-sink did not start: {out.stderr.strip()}")
        facts = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
        self.ca, self.maildir = facts["SMTP_CA_CERT"], facts["SMTP_MAILDIR"]
        self.seen = {}

    def messages(self):
        """New and old messages: (path, To, plain text)."""
        for path in glob.glob(os.path.join(self.maildir, "*.eml")):
            if path not in self.seen:
                try:
                    message = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
                    self.seen[path] = (message["To"], message.get_body(preferencelist=("plain",)).get_content())
                except Exception:  # still being written
                    continue
        return list(self.seen.values())

    def stop(self):
        subprocess.run([os.path.join(REPO, "scripts/testenv/smtp-sink"), "stop"], env=self.env,
                       capture_output=True, stdin=subprocess.DEVNULL)


class Hire:
    def __init__(self, index, prefix, ou, domain):
        self.sam = f"{prefix}{index:05d}"
        self.dn = f"CN={self.sam},{ou}"
        self.employee_id = f"{prefix.upper()}-{index:05d}"
        self.upn = f"{self.sam}@{domain}"
        self.mobile = f"+1555{7000000 + index:07d}"
        self.email = f"{self.sam}.private@example.net"


def create_hires(dc, prefix, ou_name, count, work):
    """`count` new hires in OU=<ou_name> under the delegated OU, disabled and without a password
    (as the HR chain provisions them); existing ones are reset to that state."""
    import ldap
    import ldap.modlist
    began = time.monotonic()
    admin = work.secret_file(f"admin-password-{prefix}-{dc['HOST']}", dc["ADMIN_PASSWORD"])
    conn = ldap_common.connect(dc["LDAPS_URI"], dc["CA_CERT"], 60)
    conn.simple_bind_s(dc["ADMIN_DN"], ldap_common.read_secret(admin, "admin password", "chaos"))
    ou = f"OU={ou_name},{dc['USERS_OU']}"
    try:
        conn.add_s(ou, ldap.modlist.addModlist({"objectClass": [b"top", b"organizationalUnit"], "ou": [ou_name.encode()]}))
    except ldap.ALREADY_EXISTS:
        pass
    existing = {attrs["sAMAccountName"][0].decode().lower() for _dn, attrs in
                conn.search_s(ou, ldap.SCOPE_ONELEVEL, "(objectClass=user)", ["sAMAccountName"]) if _dn}
    hires = [Hire(i, prefix, ou, dc["DNS_DOMAIN"]) for i in range(1, count + 1)]
    pending = []
    for hire in hires:
        if hire.sam in existing:
            changes = [(ldap.MOD_REPLACE, "userAccountControl", [b"546"]), (ldap.MOD_REPLACE, "pwdLastSet", [b"0"])]
            pending.append(lambda hire=hire, changes=changes: conn.modify_ext(hire.dn, changes))
        else:
            modlist = ldap.modlist.addModlist({
                "objectClass": [b"top", b"person", b"organizationalPerson", b"user"], "cn": [hire.sam.encode()],
                "sAMAccountName": [hire.sam.encode()], "userPrincipalName": [hire.upn.encode()],
                "employeeID": [hire.employee_id.encode()], "userAccountControl": [b"546"]})
            pending.append(lambda hire=hire, modlist=modlist: conn.add_ext(hire.dn, modlist))
    in_flight = set()
    while pending or in_flight:
        while pending and len(in_flight) < 16:
            in_flight.add(pending.pop()())
        _type, _data, msgid, _controls = conn.result3(ldap.RES_ANY, 1, 60)
        in_flight.discard(msgid)
    sids = {attrs["sAMAccountName"][0].decode().lower(): sid_text(attrs["objectSid"][0]) for _dn, attrs in
            conn.search_s(ou, ldap.SCOPE_ONELEVEL, "(objectClass=user)", ["sAMAccountName", "objectSid"]) if _dn}
    for hire in hires:
        hire.sid = sids[hire.sam]
    conn.unbind_s()
    log(f"{count} new hires ready in {ou} on {dc['HOST']} ({len(existing & {h.sam for h in hires})} reset) "
        f"in {time.monotonic() - began:.1f} s")
    return hires


def sid_text(data):
    """A binary objectSid as S-1-5-21-…."""
    count = data[1]
    authority = int.from_bytes(data[2:8], "big")
    subs = [int.from_bytes(data[8 + 4 * i:12 + 4 * i], "little") for i in range(count)]
    return "S-" + "-".join(str(x) for x in [data[0], authority, *subs])


def bind_result(dc, dn, password):
    """'must-change' (773: the right password, change required), 'ok', or the DC's diagnostic."""
    import ldap
    conn = ldap_common.connect(dc["LDAPS_URI"], dc["CA_CERT"], 30)
    try:
        conn.simple_bind_s(dn, password)
        return "ok"
    except ldap.INVALID_CREDENTIALS as error:
        info = error.args[0].get("info", "") if error.args and isinstance(error.args[0], dict) else ""
        return "must-change" if "data 773" in info else f"refused ({info.split(',')[2].strip() if info.count(',') > 2 else info})"
    finally:
        try:
            conn.unbind_s()
        except Exception:
            pass


def write_config(work, dcs, sim, smtp, store, public_url, extra=""):
    """The configuration every instance shares; `store` is `database: …` or `postgresUrlFile: …`."""
    dc = dcs[0]
    bind = work.secret_file("bind-password", dc["SVC_PASSWORD"])
    key = work.secret_file("sealing.key", __import__("base64").b64encode(os.urandom(32)).decode())
    urls = ", ".join(d["LDAPS_URI"] for d in dcs)
    text = f"""{store}
sealingKeyFile: {key}
ldap:
  url: [{urls}]
  caFile: {dc['CA_CERT']}
  bindDN: {dc['SVC_DN']}
  bindPasswordFile: {bind}
  baseDN: {dc['BASE_DN']}
  targetOU: {dc['USERS_OU']}
entra:
  tenantID: {sim.tenant}
  clientID: {sim.client_id}
  clientSecretFile: {sim.secret_file}
  authorityHost: {sim.url}
  graphBaseURL: {sim.url}/v1.0
  caFile: {sim.ca}
publicURL: {public_url}
portal:
  authenticationContext: c1
delivery:
  organization: Contoso
  helpContact: the IT service desk (+1 555 0100)
  caFile: {sim.ca}
sms:
  provider: acs
  from: "+18005550100"
  acsConnectionStringFile: {sim.acs_file}
email:
  provider: smtp
  from: onboarding@contoso.example
  smtpHost: 127.0.0.1
  smtpPort: {smtp.tls_port}
  smtpSecurity: implicit-tls
  smtpCaFile: {smtp.ca}
guard:
  maximumNewCasesPerHour: 0    # the fault runs bring up to 1,000 hires an hour on purpose
  intakePerMinute: 0           # and in bursts from one token
escalation:
  serviceDesk: servicedesk@contoso.example
{extra}"""
    return work.secret_file("firstkey.yaml", text, canary=False)


class Firstkey:
    """The CLI, with the run's configuration."""

    def __init__(self, binary, config, work):
        self.binary, self.config, self.work = binary, config, work

    def run(self, *arguments, check=True, timeout=120):
        out = subprocess.run([self.binary, *arguments, "--config", self.config], capture_output=True, text=True,
                             timeout=timeout, stdin=subprocess.DEVNULL)
        if check and out.returncode != 0:
            fail(f"firstkey {arguments[0]} {arguments[1] if len(arguments) > 1 else ''}: {out.stderr.strip()[-600:]}")
        return out

    def cases(self):
        return json.loads(self.run("cases", "list", "--json", "--limit", "100000").stdout)

    def case(self, case_id):
        return json.loads(self.run("cases", "show", case_id, "--json").stdout)

    def token(self, name="chaos", scope="write"):
        token = json.loads(self.run("tokens", "create", "--name", name, "--scope", scope, "--json").stdout)["token"]
        self.work.canary(token)
        return token


class Instance:
    """One `firstkey serve`, on its own port; each start's output goes to its own log file."""

    def __init__(self, firstkey, number, evidence, extra_arguments=()):
        self.firstkey, self.number, self.evidence = firstkey, number, evidence
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra = list(extra_arguments)
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log_path = os.path.join(self.evidence, f"serve-{self.number}-{self.starts:03d}.log")
        self.process = subprocess.Popen([self.firstkey.binary, "serve", "--config", self.firstkey.config,
                                         "--listen", f"127.0.0.1:{self.port}", *self.extra],
                                        stdout=open(log_path, "w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def ready(self):
        try:
            with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                return response.status == 200
        except Exception:
            return False

    def wait_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.ready():
                return True
            if not self.alive():
                fail(f"instance {self.number} stopped at start (see its log in {self.evidence})")
            time.sleep(0.1)
        fail(f"instance {self.number} was not ready in {seconds} s")

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


class Fleet:
    """`count` instances of `firstkey serve` on one configuration, the first on `first_port` (the
    port the configuration's publicURL names)."""

    def __init__(self, firstkey, count, evidence, first_port):
        self.instances = [Instance(firstkey, n, evidence) for n in range(count)]
        self.instances[0].port, self.instances[0].url = first_port, f"http://127.0.0.1:{first_port}"

    def start(self):
        for instance in self.instances:
            instance.start()
        for instance in self.instances:
            instance.wait_ready()

    def live_urls(self):
        """The URLs of the instances alive now (all of them if none is: the caller retries)."""
        urls = [i.url for i in self.instances if i.alive()]
        return urls or [i.url for i in self.instances]


def settlement_problems(hires, cases, revealed):
    """What is wrong with how the cases ended, for runs where every case must be picked up or
    escalated: returns (problems, cases by employee ID, states counted, escalated cases)."""
    problems = []
    by_employee = {c["identity"].get("employeeID"): c for c in cases}
    lost = [h.employee_id for h in hires if h.employee_id not in by_employee]
    if lost:
        problems.append(f"{len(lost)} hires have no case: {lost[:5]}")
    if len(cases) != len(hires):
        problems.append(f"{len(cases)} cases for {len(hires)} hires")
    states = collections.Counter(c["state"] for c in cases)
    unsettled = [c for c in cases if c["state"] not in ("cleaned-up", "escalated")]
    if unsettled:
        problems.append(f"{len(unsettled)} cases neither cleaned up nor escalated: "
                        + ", ".join(f"{c['identity'].get('employeeID')} {c['state']}" for c in unsettled[:5]))
    escalated = [c for c in cases if c["state"] == "escalated"]
    two_passwords = [e for e, passwords in revealed.items() if len(set(passwords)) > 1]
    if two_passwords:
        problems.append(f"{len(two_passwords)} hires saw two different passwords")
    return problems, by_employee, states, escalated


def shut_down(instances, smtp, sim, work):
    """Ends a run: every instance killed, the SMTP server and the simulator stopped, the private
    work directory deleted (the evidence directory stays)."""
    for instance in instances:
        instance.kill()
    if smtp:
        smtp.stop()
    if sim:
        sim.stop()
    work.cleanup()


def post_json(url, body, token, timeout=30):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def intake(urls, token, hires, mode, hire_date, workers=8, attempts=60, rate=None):
    """Opens a case per hire through POST /api/v1/onboardings, at whichever instance answers
    (a killed one refuses the connection: the next is tried); `rate` hires a second, or all at
    once. Returns {employeeID: (sent, case id)}."""
    opened, lock = {}, threading.Lock()
    began = time.monotonic()

    def one(indexed):
        index, hire = indexed
        if rate:
            time.sleep(max(0.0, began + index / rate - time.monotonic()))
        body = {"employeeId": hire.employee_id, "userPrincipalName": hire.upn, "hireDate": hire_date,
                "deliveryMode": mode, "mobile": hire.mobile, "privateEmail": hire.email}
        for attempt in range(attempts):
            url = random.choice(urls()) + "/api/v1/onboardings"
            sent = time.time()
            try:
                status, answer = post_json(url, body, token)
            except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError):
                time.sleep(0.2)
                continue
            if status in (200, 201):
                with lock:
                    opened[hire.employee_id] = (sent, answer["id"])
                return
            if status >= 500 or status == 409:
                time.sleep(0.2)
                continue
            fail(f"intake of {hire.employee_id} answered {status}: {answer}")
        fail(f"intake of {hire.employee_id}: no instance answered in {attempts} attempts")

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, enumerate(hires)))
    return opened


PICKUP_LINK = re.compile(r"https?://[^\s]+/pickup/[A-Za-z0-9_-]+")
CODE = re.compile(r"\b\d{4}[ -]?\d{4}\b")


def pickup(link, code, base_urls, attempts=40):
    """Plays the hire at the pickup page (at any live instance): GET the form, wait the typing
    time, POST the code. Returns the revealed password, or None if the page says it is gone."""
    path = urllib.parse.urlsplit(link).path
    for attempt in range(attempts):
        base = random.choice(base_urls())
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        try:
            page = browser.open(base + path, timeout=20).read().decode()
            form = re.search(r'name="form" value="([^"]+)"', page)
            if not form:
                return None
            time.sleep(2.1)  # the page refuses a code typed faster than a person can
            data = urllib.parse.urlencode({"form": html.unescape(form.group(1)), "code": code}).encode()
            answer = browser.open(base + path, data=data, timeout=20).read().decode()
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                return None
            time.sleep(0.3)
            continue
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError):
            time.sleep(0.3)
            continue
        groups = re.search(r'<p class="secret"[^>]*>(.*?)</p>', answer, re.S)
        if groups:
            return html.unescape("".join(re.findall(r'<span class="group">(.*?)</span>', groups.group(1))))
        time.sleep(0.3)
    return None


class HirePlayer:
    """Plays every hire at once: reads each one's pickup link (SMTP spool) and code (the simulated
    ACS outbox), and once both are there opens the pickup page at a live instance and submits the
    code. Every code, link token and revealed password becomes a canary; the codes and passwords
    are also what the mailbox may never hold."""

    def __init__(self, work, sim, smtp, hires, base_urls, workers=12):
        self.work, self.sim, self.smtp, self.hires, self.base_urls = work, sim, smtp, hires, base_urls
        self.by_email = {h.email for h in hires}
        self.revealed, self.lost_reveals, self.picking, self.mailbox_secrets = {}, [], set(), []
        self.sms_by_phone, self.mails_by_address = {}, {}
        self.lock = threading.Lock()
        self.pool = concurrent.futures.ThreadPoolExecutor(workers)

    def _pick(self, hire, link, code):
        password = pickup(link, code, self.base_urls)
        with self.lock:
            if password:
                self.work.canary(password)
                self.mailbox_secrets.append(password)
                self.revealed.setdefault(hire.employee_id, []).append(password)
            else:
                self.lost_reveals.append(hire.employee_id)
            self.picking.discard(hire.employee_id)

    def poll(self):
        """Reads the outbox and the spool again and starts the pickups that can start."""
        sms_by_phone = collections.defaultdict(list)
        for sms in self.sim.sms_outbox():
            sms_by_phone[sms["to"]].append(sms)
        mails_by_address = collections.defaultdict(list)
        for to, text in self.smtp.messages():
            for address in self.by_email:
                if address in to:
                    mails_by_address[address].append(text)
        self.sms_by_phone, self.mails_by_address = sms_by_phone, mails_by_address
        for hire in self.hires:
            with self.lock:
                if hire.employee_id in self.revealed or hire.employee_id in self.picking or hire.employee_id in self.lost_reveals:
                    continue
            codes = [m for sms in sms_by_phone.get(hire.mobile, []) for m in CODE.findall(sms["body"])]
            links = [m for text in mails_by_address.get(hire.email, []) for m in PICKUP_LINK.findall(text)]
            if codes and links:
                for code in codes:
                    for form in (code, code.replace(" ", "").replace("-", "")):
                        self.work.canary(form)
                        self.mailbox_secrets.append(form)
                self.work.canary(links[-1].rsplit("/", 1)[1])
                with self.lock:
                    self.picking.add(hire.employee_id)
                self.pool.submit(self._pick, hire, links[-1], codes[-1])

    @property
    def busy(self):
        with self.lock:
            return bool(self.picking)

    def shutdown(self):
        self.pool.shutdown(wait=True)


def secret_search(work, postgres_url=None, sqlite=None, mailbox=None, mailbox_secrets=()):
    """Copies databases into the evidence directory and runs scripts/check-secrets over it with
    every canary of the run. The hires' mailbox (the SMTP spool) rightly holds their pickup links,
    so it is searched on its own for the secrets no e-mail may carry (passwords, codes)."""
    if postgres_url:
        with open(os.path.join(work.evidence, "postgres-dump.sql"), "w") as dump:
            subprocess.run(["pg_dump", "--data-only", postgres_url], stdout=dump, stderr=subprocess.DEVNULL, check=True)
    for path in sqlite or []:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                shutil.copy(path + suffix, os.path.join(work.evidence, os.path.basename(path) + suffix))
    canaries = work.write_canaries(Testenv().secrets())
    out = subprocess.run([os.path.join(REPO, "scripts/check-secrets"), work.evidence],
                         env=dict(os.environ, FIRSTKEY_CANARY_FILE=canaries), capture_output=True, text=True)
    print(out.stdout.strip())
    clean = out.returncode == 0
    if not clean:
        print(out.stderr.strip(), file=sys.stderr)
    if mailbox:
        forbidden = [s.encode() for s in set(mailbox_secrets) if len(s) >= 6]
        files = glob.glob(os.path.join(mailbox, "*"))
        hits = [path for path in files if any(secret in open(path, "rb").read() for secret in forbidden)]
        print(f"mailbox: {len(forbidden)} passwords and codes, none in {len(files)} e-mails" if not hits
              else f"mailbox: FAILED: a password or code in {len(hits)} e-mails", file=sys.stdout if not hits else sys.stderr)
        clean = clean and not hits
    return clean, len(set(work.canaries))
