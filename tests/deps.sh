# Sourced by samples/demo.sh and tests/run-all.sh: installs what a fresh
# Debian machine lacks to build and test kumassl (as root via apt-get).
KUMA_PACKAGES="gcc make autoconf automake libtool pkg-config libbearssl-dev check \
openssl libssl-dev gnutls-bin valgrind clang libclang-rt-dev \
socat redis-server redis-tools python3 nginx-light curl mosquitto mosquitto-clients"

kuma_install_deps() {
    missing=
    for p in $KUMA_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "Installing:$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq </dev/null >/dev/null
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq $missing </dev/null >/dev/null
}

# Configures (once) and builds the tree in the current directory.
kuma_build() {
    [ -x ./configure ] || autoreconf -fi >/dev/null
    [ -f Makefile ] || ./configure -q
    make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
}
