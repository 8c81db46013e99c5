#!/bin/sh
# The demo, from a fresh clone: installs what is missing, builds kumassl and
# its samples, then runs the sample echo server with
#   1. the sample echo client (verifying the server against the test CA),
#   2. `openssl s_client` (the real OpenSSL) talking to the same server,
#   3. the sample client again, sending "shutdown" to end the server.
set -e
cd "$(dirname "$0")/.."
. tests/deps.sh
kuma_install_deps
kuma_build
sh tests/gen-certs.sh samples/certs
cd samples

out=$(mktemp)
./echo-server -p 0 >"$out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$out"' EXIT
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's/^Listening on port \([0-9]*\).*/\1/p' "$out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$out"; echo "the echo server did not start" >&2; exit 1; }

echo "== kumassl echo-client -> kumassl echo-server (port $port)"
printf 'Hello from the kumassl sample client\nSecond line\n' | ./echo-client 127.0.0.1 -p "$port"

echo "== openssl s_client -> kumassl echo-server"
(echo "Hello from openssl s_client"; sleep 1) |
    openssl s_client -connect "127.0.0.1:$port" -CAfile certs/ca-cert.pem \
        -verify_return_error -quiet -no_ign_eof 2>&1 | grep -v '^depth=' || true

echo "== shutdown"
echo shutdown | ./echo-client 127.0.0.1 -p "$port"
wait $server || true
echo "== what the server printed"
cat "$out"
