# shellcheck shell=bash
# Swift toolchain for scripts/test and scripts/demo; needs lib/apt.sh.
#
#   ensure_swift NAME   put `swift` on PATH (the project's machines keep it in
#                       /opt/swift), install the Debian 12 packages it needs to
#                       run, fetch dependencies and link, and print its version

SWIFT_HOME=/opt/swift
# what swift-driver, swift-build and the linker need (ldd of the 6.x toolchain)
SWIFT_DEBIAN12_PACKAGES=(binutils gcc libc6-dev libgcc-12-dev libstdc++-12-dev zlib1g-dev
                         libcurl4 libxml2 libsqlite3-0 libncurses6 git ca-certificates
                         pkg-config tzdata)

ensure_swift() {
    local who=$1
    if ! command -v swift >/dev/null; then
        if [[ -x $SWIFT_HOME/usr/bin/swift ]]; then
            export PATH="$SWIFT_HOME/usr/bin:$PATH"
        else
            echo "$who: error: no Swift toolchain: put swift (6.0 or newer) on PATH or unpack it" \
                 "into $SWIFT_HOME (https://www.swift.org/install/linux/)" >&2
            exit 1
        fi
    fi
    if [[ -r /etc/os-release ]] && grep -qx 'VERSION_ID="12"' /etc/os-release \
            && grep -qx 'ID=debian' /etc/os-release; then
        apt_ensure "$who" "${SWIFT_DEBIAN12_PACKAGES[@]}"
    fi
    swift --version
}
