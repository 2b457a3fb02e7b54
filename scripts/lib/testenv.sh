# shellcheck shell=bash
# The test servers of scripts/test-env-up and scripts/test-env-down, run from
# the repository root:
#
#   testenv_server NAME start|stop|status|reset
#
#   dc1       Samba AD DC on 127.0.0.1, state /tmp/firstkey-dc1
#   dc2       DC2, a second DC of the same domain on 127.0.0.2, state
#             /tmp/firstkey-dc2: not a replica but provisioned from the same
#             seed (accounts, passwords, OUs), and its certificate comes from
#             dc1's CA, so one CA file trusts both
#   openldap  OpenLDAP slapd on 127.0.0.1:10389/10636, state /tmp/firstkey-openldap
#   postgres  PostgreSQL on 127.0.0.1:15432, state /tmp/firstkey-postgres (the
#             store's PostgreSQL implementation runs the same tests as SQLite)
#
# Each one's facts go to .testenv/env with the prefix TESTENV_PREFIX[NAME].

# shellcheck disable=SC2034  # used by the scripts that source this file
TESTENV_SERVERS=(dc1 dc2 openldap postgres)
# shellcheck disable=SC2034
declare -A TESTENV_PREFIX=([dc1]=DC1_ [dc2]=DC2_ [openldap]=OPENLDAP_ [postgres]=PG_)

testenv_server() {
    local name=$1 command=$2
    case $name in
        dc1) env -u SAMBA_DC_CA_DIR SAMBA_DC_NAME=DC1 SAMBA_DC_HOST=127.0.0.1 \
                 SAMBA_DC_STATE_DIR=/tmp/firstkey-dc1 scripts/testenv/samba-dc "$command" ;;
        dc2) env SAMBA_DC_NAME=DC2 SAMBA_DC_HOST=127.0.0.2 SAMBA_DC_CA_DIR=/tmp/firstkey-dc1/tls \
                 SAMBA_DC_STATE_DIR=/tmp/firstkey-dc2 scripts/testenv/samba-dc "$command" ;;
        openldap) env OPENLDAP_HOST=127.0.0.1 OPENLDAP_STATE_DIR=/tmp/firstkey-openldap \
                 scripts/testenv/openldap "$command" ;;
        postgres) env PG_HOST=127.0.0.1 PG_STATE_DIR=/tmp/firstkey-postgres \
                 scripts/testenv/postgres "$command" ;;
        *) echo "testenv: unknown server '$name'" >&2; return 2 ;;
    esac
}
