#!/bin/sh
# gen-certs.sh DIR -- make the test PKI for kumassl's test suite in DIR.
#
# Everything is made with the openssl command line tool ($KUMA_OPENSSL, or
# "openssl" from PATH).  Running it again regenerates the whole set, so the
# result never mixes keys and certificates from different runs.  Quiet on
# success; on failure it prints openssl's own messages and exits non-zero.
#
# Files written into DIR:
#   ca-cert.pem ca-key.pem                 RSA 2048 root, CN "kumassl Test CA"
#   server-cert.pem server-key.pem         RSA 2048 leaf (PKCS#8 key), CN localhost,
#                                          SAN DNS:localhost, IP:127.0.0.1
#   server-cert.der server-key.der         the same in DER (key as PKCS#8)
#   server-key-pkcs1.pem                   the same key as "RSA PRIVATE KEY"
#   server-ecdsa-cert.pem/-key.pem         P-256 leaf; -key-sec1.pem as "EC PRIVATE KEY"
#   server-p384-cert.pem/-key.pem          P-384 leaf
#   server-rsa4096-cert.pem/-key.pem       RSA 4096 leaf
#   int-ca-cert.pem int-ca-key.pem         intermediate CA signed by the root
#   server-chain-leaf-cert.pem/-key.pem    leaf signed by the intermediate
#   server-chain.pem                       leaf + intermediate (a server's chain file)
#   other-ca-cert.pem other-ca-key.pem     an unrelated second root
#   other-server-cert.pem/-key.pem         leaf signed by the unrelated root
#   client-cert.pem client-key.pem         client-auth leaf signed by the root
#   expired-cert.pem expired-key.pem       leaf signed by the root, valid 2020 only
#   server-v1-cert.pem server-v1-key.pem   X.509 v1 leaf (no extensions), P-256, CN localhost
set -e

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
DIR=$1
OPENSSL=${KUMA_OPENSSL:-openssl}

if ! command -v "$OPENSSL" >/dev/null 2>&1; then
    echo "gen-certs.sh: '$OPENSSL' not found: install the openssl command line" \
         "tool (Debian/Ubuntu: apt-get install openssl)" >&2
    exit 1
fi

mkdir -p "$DIR"
# Scratch space for the extension config, serial and `openssl ca` database,
# kept out of DIR so DIR holds only what the tests use.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kuma-certs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
LOG=$TMP/log

# run ARGS...: run openssl quietly; show its output only when it fails.
run() {
    if ! "$OPENSSL" "$@" >"$LOG" 2>&1; then
        cat "$LOG" >&2
        echo "gen-certs.sh: failed: $OPENSSL $*" >&2
        exit 1
    fi
}

cat >"$TMP/ext.cnf" <<'EOF'
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_int ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ v3_client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# Minimal `openssl ca` setup: the only way the 3.0 CLI can sign a
# certificate whose validity lies in the past (x509 -req has no start date).
mkdir -p "$TMP/ca"
: >"$TMP/ca/index.txt"
cat >"$TMP/ca.cnf" <<EOF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $TMP/ca
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = policy_any
copy_extensions = none
unique_subject = no
[ policy_any ]
organizationName = optional
commonName = supplied
EOF
echo 1000 >"$TMP/ca/serial"

# key FILE ALG: a fresh private key (PKCS#8 PEM).
key() {
    case $2 in
        rsa2048) run genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
        rsa4096) run genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "$1" ;;
        p256)    run genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" ;;
        p384)    run genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" ;;
    esac
}

# root NAME CN: self-signed root NAME-cert.pem / NAME-key.pem.
root() {
    key "$DIR/$1-key.pem" rsa2048
    run req -new -x509 -sha256 -days 3650 -key "$DIR/$1-key.pem" \
        -subj "/O=kumassl/CN=$2" -config "$TMP/ext.cnf" -extensions v3_ca \
        -out "$DIR/$1-cert.pem"
}

# leaf NAME ALG CN ISSUER EXT: key NAME-key.pem and NAME-cert.pem signed by
# ISSUER-cert.pem/ISSUER-key.pem with extension section EXT; EXT "v1" means
# no extensions at all, which makes openssl issue an X.509 v1 certificate.
leaf() {
    ext="-extfile $TMP/ext.cnf -extensions $5"
    [ "$5" = v1 ] && ext=
    key "$DIR/$1-key.pem" "$2"
    run req -new -sha256 -key "$DIR/$1-key.pem" -subj "/O=kumassl/CN=$3" \
        -out "$TMP/$1.csr"
    # shellcheck disable=SC2086
    run x509 -req -sha256 -days 3650 -in "$TMP/$1.csr" \
        -CA "$DIR/$4-cert.pem" -CAkey "$DIR/$4-key.pem" \
        -CAserial "$TMP/$4.srl" -CAcreateserial $ext -out "$DIR/$1-cert.pem"
}

root ca "kumassl Test CA"
root other-ca "kumassl Other CA"

leaf server           rsa2048 localhost           ca       v3_server
leaf server-ecdsa     p256    localhost           ca       v3_server
leaf server-p384      p384    localhost           ca       v3_server
leaf server-rsa4096   rsa4096 localhost           ca       v3_server
leaf int-ca           rsa2048 "kumassl Test Intermediate CA" ca v3_int
leaf server-chain-leaf rsa2048 localhost          int-ca   v3_server
leaf other-server     rsa2048 localhost           other-ca v3_server
leaf client           rsa2048 "kumassl Test Client" ca     v3_client
leaf server-v1        p256    localhost           ca       v1
cat "$DIR/server-chain-leaf-cert.pem" "$DIR/int-ca-cert.pem" >"$DIR/server-chain.pem"

# The expired leaf: signed by the root through `openssl ca`, valid in 2020 only.
key "$DIR/expired-key.pem" rsa2048
run req -new -sha256 -key "$DIR/expired-key.pem" -subj "/O=kumassl/CN=localhost" \
    -out "$TMP/expired.csr"
run ca -batch -notext -config "$TMP/ca.cnf" -cert "$DIR/ca-cert.pem" \
    -keyfile "$DIR/ca-key.pem" -startdate 20200101000000Z -enddate 20201231000000Z \
    -extfile "$TMP/ext.cnf" -extensions v3_server \
    -in "$TMP/expired.csr" -out "$DIR/expired-cert.pem"

# Other encodings of the same server keys, for the key/cert loading tests.
run x509 -in "$DIR/server-cert.pem" -outform DER -out "$DIR/server-cert.der"
run pkey -in "$DIR/server-key.pem" -outform DER -out "$DIR/server-key.der"
run rsa -in "$DIR/server-key.pem" -traditional -out "$DIR/server-key-pkcs1.pem"
run ec -in "$DIR/server-ecdsa-key.pem" -out "$DIR/server-ecdsa-key-sec1.pem"

# The keys must not be world-readable even in a build tree (habit, and some
# tools warn about it).
chmod 600 "$DIR"/*-key.pem "$DIR/server-key.der" "$DIR/server-key-pkcs1.pem" \
    "$DIR/server-ecdsa-key-sec1.pem"
