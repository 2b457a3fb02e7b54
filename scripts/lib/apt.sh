# shellcheck shell=bash
# Installs missing Debian packages and Python modules; sourced by scripts/testenv/*
# and scripts/test.
#
#   apt_ensure NAME PACKAGE...   install what is missing (root only), or exit 1
#   apt_missing PACKAGE...       print the packages that are not installed
#   python_ensure ...            make a Python module importable (see below)
#
# A fresh machine may have empty package lists, and old lists name package
# versions the mirror no longer holds, so every install runs `apt-get update`
# first. Maintainer scripts may not start system-wide daemons (a temporary
# policy-rc.d), and one install runs at a time: scripts started together
# queue on APT_LOCK (apt-get update does not wait for a held dpkg lock).

APT_LOCK=/tmp/testenv-apt.lock
APT_LOG=/tmp/testenv-apt.log

apt_missing() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || echo "$p"
    done
}

apt_ensure() {
    local who=$1; shift
    local missing=()
    mapfile -t missing < <(apt_missing "$@")
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "$who: error: missing packages (${missing[*]}); run as root to install" >&2
        exit 1
    fi
    exec 9>>"$APT_LOCK"
    flock -w 900 9 || { echo "$who: error: timed out waiting for $APT_LOCK" >&2; exit 1; }
    # another script may have installed them while this one waited
    mapfile -t missing < <(apt_missing "$@")
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "$who: installing: ${missing[*]}" >&2
        # a subshell, so that the cleanup trap does not replace the caller's;
        # 9>&-: a daemon started by a maintainer script must not keep the lock
        ( _apt_install "$who" "${missing[@]}" ) 9>&- \
            || { exec 9>&-; echo "$who: error: apt-get install failed (log: $APT_LOG)" >&2; exit 1; }
    fi
    exec 9>&-
}

_apt_install() {
    local who=$1; shift
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
        trap 'exit 130' INT TERM
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
    fi
    export DEBIAN_FRONTEND=noninteractive
    local try
    for try in 1 2 3; do
        # a failed update (e.g. one unreachable extra source) is not fatal:
        # the install below says whether the lists are good enough
        apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null >>"$APT_LOG" 2>&1 \
            || echo "$who: warning: apt-get update failed; trying the install anyway" >&2
        if apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "$@" \
                </dev/null >>"$APT_LOG" 2>&1; then
            return 0
        fi
        tail -5 "$APT_LOG" >&2
        [[ $try -lt 3 ]] && { echo "$who: apt-get failed; trying again in 10 s" >&2; sleep 10; }
    done
    return 1
}

# python_ensure NAME PYTHON MODULE PIP_PACKAGE DEBIAN_PACKAGE
# Makes MODULE importable by PYTHON. Debian's own interpreter (/usr/bin/python3)
# refuses pip installs (PEP 668), so it gets DEBIAN_PACKAGE; any other (a venv,
# pyenv) gets PIP_PACKAGE from PyPI. A missing default `python3` is installed.
python_ensure() {
    local who=$1 py=$2 module=$3 pip_package=$4 debian_package=$5
    if ! command -v "$py" >/dev/null; then
        [[ $py == python3 ]] || { echo "$who: error: no interpreter '$py'" >&2; exit 1; }
        apt_ensure "$who" python3
    fi
    "$py" -c "import $module" 2>/dev/null && return 0
    if [[ $("$py" -c 'import sys; print(sys.prefix == sys.base_prefix == "/usr")') == True ]]; then
        apt_ensure "$who" "$debian_package"
    else
        echo "$who: installing $pip_package for $py (pip)" >&2
        PIP_ROOT_USER_ACTION=ignore "$py" -m pip install -q "$pip_package" >&2 \
            || { echo "$who: error: pip install $pip_package failed" >&2; exit 1; }
    fi
    "$py" -c "import $module" 2>/dev/null \
        || { echo "$who: error: $module still not importable by $py" >&2; exit 1; }
}
