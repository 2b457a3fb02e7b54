"""What the benchmark scripts share: reading a secret from a file and opening an LDAPS
connection with python-ldap, certificate verification on."""
import sys

import ldap


def read_secret(path, what, program):
    """The file's content without its trailing newline; exits if it is empty."""
    with open(path, encoding="utf-8") as f:
        value = f.read().rstrip("\r\n")
    if not value:
        sys.exit(f"{program}: error: the {what} file {path} is empty")
    return value


def connect(url, ca_file, timeout=30):
    """An LDAP(S) connection (not yet bound) that verifies the server against ca_file."""
    conn = ldap.initialize(url, bytes_mode=False)
    conn.set_option(ldap.OPT_PROTOCOL_VERSION, 3)
    conn.set_option(ldap.OPT_REFERRALS, 0)
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    conn.set_option(ldap.OPT_X_TLS_CACERTFILE, ca_file)
    conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 10)
    conn.set_option(ldap.OPT_TIMEOUT, timeout)
    return conn
