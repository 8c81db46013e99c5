#!/bin/sh
# Certificates for tests/check_verify_rfc.c (RFC 5280 verification cases),
# made with the openssl CLI into directory $1 (openssl binary $2). Each case
# of check_verify_rfc.c names files made here; the test runs `openssl verify`
# on the same files and expects kumassl to agree.
#
#   root (trusted; SKI/AKI)           ica: intermediate of root      leaf: DNS:localhost under ica
#   name constraints:  ncx (excluded DNS not-allowed.example.com, critical) -> ncx-bad / ncx-ok
#                      ncroot (a root permitting only DNS example.com) -> ncr-bad / ncr-ok / ncr-cn (no SAN)
#                      ncip (permitted 192.168.0.0/16, excluded 2001:db8::/32) -> ncip-bad4 / ncip-bad6 / ncip-ok
#                      ncmail (permitted email .example.com) -> ncmail-bad;  ncuri (excluded URI .evil.com) -> ncuri-bad
#                      ncdir (permitted dirName O=kumassl) -> ncdir-bad;  nchuge (1000 constraints) -> nchuge-leaf (1100 names)
#   anchors:           oldroot (expired 2000-2001) -> oldleaf;  critroot (unknown critical ext) -> critleaf
#                      nokuroot (CA without keyCertSign) -> nokuleaf;  skicrit (int with critical SKI) -> skicritleaf
#   paths:             xroot <- xint <- xleaf, xroot also cross-signed by root (xcross)
#                      ica-expired: ica's twin, expired;  twin: same name as ica, other key, no AKI/SKI
#                      loopa <-> loopb cross-signed, untrusted -> loopleaf
#                      pl1 (pathlen:0) -> self-issued pl1si -> plleaf
#   extensions:        ekucrit, aiacrit, strict cases (bcnc, kucs, emptysan, noaki)
#   purpose/level:     clientonly, rsa1024 leaf, rsa1024 int (weakint -> weakleaf), sha1 leaf, sha1root (self-signed SHA-1)
#   CRLs:              crlca (root) -> crlint -> crl-good / crl-revoked, CRLs good, expired, future, badsig, nocrlsign
#   RSA-PSS:           pssroot (self-signed PSS, salt max) -> pssint (PSS SHA-384, salt 48) -> pssleaf (PSS SHA-256,
#                      salt 0); pssbad (pssleaf with its signature's last byte changed); psssha1 (PSS with SHA-1)
set -e
D=$1; O=$2
cd "$D"
mkdir ca; : >ca/index.txt; echo 1000 >ca/serial; echo 1000 >ca/crlnumber
cat >ca.cnf <<EOF
[ ca ]
default_ca = t
[ t ]
dir = $D/ca
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_crl_days = 3650
policy = p
unique_subject = no
copy_extensions = none
[ p ]
commonName = supplied
organizationName = optional
EOF

# huge name lists for the bounded-work case
{ i=0; while [ $i -lt 1000 ]; do echo "excluded;DNS.$i = x$i.invalid"; i=$((i+1)); done; } >nc-huge.txt
{ i=0; while [ $i -lt 1100 ]; do echo "DNS.$i = h$i.example.com"; i=$((i+1)); done; } >san-huge.txt

cat >ext.cnf <<'EOF'
[ ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_noaki ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[ ca_pl0 ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, email:user@example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_nosan ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid
[ ncx ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical, excluded;DNS:not-allowed.example.com
[ ncroot ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
nameConstraints = permitted;DNS:example.com
[ ncip ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical, permitted;IP:192.168.0.0/255.255.0.0, permitted;IP:2001:db8:0:0:0:0:0:0/ffff:ffff:0:0:0:0:0:0, excluded;IP:2001:db8:1:0:0:0:0:0/ffff:ffff:ffff:0:0:0:0:0
[ ncmail ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;email:.example.com
[ ncuri ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, excluded;URI:.evil.com
[ ncdir ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;dirName:dir_sect
[ dir_sect ]
O = kumassl
[ nchuge ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, @nc_huge
[ san_dns_bad ]
subjectAltName = DNS:not-allowed.example.com
[ san_dns_ok ]
subjectAltName = DNS:ok.example.com
[ san_org ]
subjectAltName = DNS:www.example.org
[ san_com ]
subjectAltName = DNS:www.example.com
[ san_ip4bad ]
subjectAltName = IP:10.0.0.1
[ san_ip6bad ]
subjectAltName = IP:192.168.1.1, IP:2001:db8:1::5
[ san_ipok ]
subjectAltName = IP:192.168.1.1, IP:2001:db8:2::1
[ san_mailbad ]
subjectAltName = email:a@example.org
[ san_uribad ]
subjectAltName = URI:https://www.evil.com/x
[ san_huge ]
subjectAltName = @san_huge_list
[ leaf_plain ]
basicConstraints = critical, CA:FALSE
subjectAltName = DNS:localhost
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[ critroot ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
1.3.6.1.4.1.99999.1 = critical, DER:0500
[ noku ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
[ skicrit ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign
subjectKeyIdentifier = critical, hash
[ ekucrit ]
basicConstraints = critical, CA:FALSE
extendedKeyUsage = critical, serverAuth
subjectAltName = DNS:localhost
[ aiacrit ]
basicConstraints = critical, CA:FALSE
authorityInfoAccess = critical, caIssuers;URI:http://ca.example.com/ca.der
[ clientonly ]
basicConstraints = critical, CA:FALSE
extendedKeyUsage = clientAuth
subjectAltName = DNS:localhost
[ bcnc ]
basicConstraints = CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ kucs ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
subjectAltName = DNS:localhost
authorityKeyIdentifier = keyid
[ emptysan ]
basicConstraints = critical, CA:FALSE
subjectAltName = DNS:localhost
authorityKeyIdentifier = keyid
[ ca_nokucrl ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
{ echo "[ nc_huge ]"; cat nc-huge.txt; echo "[ san_huge_list ]"; cat san-huge.txt; } >>ext.cnf

key() { # name [rsa bits]
    if [ -n "$2" ]; then "$O" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$2 -out $1-key.pem 2>/dev/null
    else "$O" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1-key.pem 2>/dev/null; fi
}
csr() { # name subject
    "$O" req -new -key $1-key.pem -subj "$2" -out $1.csr 2>/dev/null
}
root() { # name CN section [start end]
    key $1; csr $1 "/O=kumassl/CN=$2"
    if [ -n "$4" ]; then
        "$O" ca -batch -notext -selfsign -config ca.cnf -keyfile $1-key.pem -startdate $4 -enddate $5 \
            -extfile ext.cnf -extensions $3 -in $1.csr -out $1-cert.pem 2>/dev/null
    else
        "$O" x509 -req -sha256 -days 3650 -in $1.csr -signkey $1-key.pem -extfile ext.cnf \
            -extensions $3 -out $1-cert.pem 2>/dev/null
    fi
}
issue() { # name subject issuer section [extra x509 options]
    [ -f $1-key.pem ] || key $1
    csr $1 "$2"
    n=$1; sec=$4; iss=$3; shift 4
    "$O" x509 -req -days 3650 -in $n.csr -CA $iss-cert.pem -CAkey $iss-key.pem -CAcreateserial \
        -extfile ext.cnf -extensions $sec -out $n-cert.pem "$@" 2>/dev/null
}
leaf() { # name issuer section [subject]
    issue $1 "${4:-/O=kumassl/CN=localhost}" $2 $3 -sha256
}

root root 'Verify Root' ca
issue ica '/O=kumassl/CN=Verify ICA' root ca -sha256
leaf leaf ica leaf

# ---- name constraints
issue ncx '/O=kumassl/CN=NC Excluding' root ncx -sha256
leaf ncx-bad ncx san_dns_bad; leaf ncx-ok ncx san_dns_ok
root ncroot 'NC Root' ncroot
leaf ncr-bad ncroot san_org; leaf ncr-ok ncroot san_com
leaf ncr-cn ncroot leaf_nosan '/O=kumassl/CN=www.example.org'
leaf ncr-cnok ncroot leaf_nosan '/O=kumassl/CN=www.example.com'
issue ncip '/O=kumassl/CN=NC IP' root ncip -sha256
leaf ncip-bad4 ncip san_ip4bad; leaf ncip-bad6 ncip san_ip6bad; leaf ncip-ok ncip san_ipok
issue ncmail '/O=kumassl/CN=NC Mail' root ncmail -sha256
leaf ncmail-bad ncmail san_mailbad
issue ncuri '/O=kumassl/CN=NC URI' root ncuri -sha256
leaf ncuri-bad ncuri san_uribad
issue ncdir '/O=kumassl/CN=NC Dir' root ncdir -sha256
leaf ncdir-ok ncdir san_com; leaf ncdir-bad ncdir san_com '/O=other/CN=localhost'
issue nchuge '/O=kumassl/CN=NC Huge' root nchuge -sha256
leaf nchuge-leaf nchuge san_huge

# ---- anchors
root oldroot 'Old Root' ca 20000101000000Z 20010101000000Z
leaf oldleaf oldroot leaf
root critroot 'Critical Root' critroot
leaf critleaf critroot leaf
root nokuroot 'No Certsign Root' noku
leaf nokuleaf nokuroot leaf
issue skicrit '/O=kumassl/CN=SKI Critical' root skicrit -sha256
leaf skicritleaf skicrit leaf

# ---- paths
root xroot 'Cross Root' ca
cp xroot-key.pem xcross-key.pem
issue xcross '/O=kumassl/CN=Cross Root' root ca -sha256
issue xint '/O=kumassl/CN=Cross Int' xroot ca -sha256
leaf xleaf xint leaf
cp ica-key.pem icaold-key.pem; csr icaold '/O=kumassl/CN=Verify ICA'
"$O" ca -batch -notext -config ca.cnf -cert root-cert.pem -keyfile root-key.pem \
    -startdate 20000101000000Z -enddate 20010101000000Z -extfile ext.cnf -extensions ca \
    -in icaold.csr -out icaold-cert.pem 2>/dev/null
root twinroot 'Twin Root' ca_noaki
issue twinint '/O=kumassl/CN=Twin Int' twinroot ca_noaki -sha256
key twinfake; issue twinfake '/O=kumassl/CN=Twin Int' twinroot ca_noaki -sha256
leaf twinleaf twinint leaf_plain
root loopa 'Loop A' ca; root loopb 'Loop B' ca
cp loopa-key.pem loopab-key.pem; issue loopab '/O=kumassl/CN=Loop A' loopb ca -sha256
cp loopb-key.pem loopba-key.pem; issue loopba '/O=kumassl/CN=Loop B' loopa ca -sha256
leaf loopleaf loopa leaf
issue pl1 '/O=kumassl/CN=Pathlen Zero' root ca_pl0 -sha256
key pl1si; issue pl1si '/O=kumassl/CN=Pathlen Zero' pl1 ca -sha256
leaf plleaf pl1si leaf
issue pl2 '/O=kumassl/CN=Below Pathlen Zero' pl1 ca -sha256
leaf pl2leaf pl2 leaf

# ---- extensions
leaf ekucrit ica ekucrit; leaf aiacrit ica aiacrit
issue bcnc '/O=kumassl/CN=BC Not Critical' root bcnc -sha256
leaf bcncleaf bcnc leaf
leaf kucs ica kucs
leaf emptysan ica emptysan '/'
issue noaki '/O=kumassl/CN=No AKI' root ca_noaki -sha256
leaf noakileaf noaki leaf_plain

# ---- purpose and strength
leaf clientonly ica clientonly
key rsa1024 1024; leaf rsa1024 ica leaf
key weakint 1024; issue weakint '/O=kumassl/CN=Weak Int' root ca -sha256
leaf weakleaf weakint leaf
issue sha1leaf '/O=kumassl/CN=localhost' ica leaf -sha1
key sha1root 2048; csr sha1root '/O=kumassl/CN=SHA-1 Root'
"$O" x509 -req -sha1 -days 3650 -in sha1root.csr -signkey sha1root-key.pem -extfile ext.cnf \
    -extensions ca -out sha1root-cert.pem 2>/dev/null

# ---- CRLs
root crlca 'CRL Root' ca
issue crlint '/O=kumassl/CN=CRL Int' crlca ca -sha256
leaf crl-good crlint leaf; leaf crl-revoked crlint leaf
crl() { # out issuer [options]
    out=$1; iss=$2; shift 2
    "$O" ca -gencrl -config ca.cnf -cert $iss-cert.pem -keyfile $iss-key.pem -out $out "$@" 2>/dev/null
}
# the revocation database: only crl-revoked is revoked
"$O" ca -config ca.cnf -cert crlint-cert.pem -keyfile crlint-key.pem -revoke crl-revoked-cert.pem 2>/dev/null
crl int.crl crlint
crl root.crl crlca
crl int-expired.crl crlint -crl_lastupdate 20000101000000Z -crl_nextupdate 20010101000000Z
crl int-future.crl crlint -crl_lastupdate 20900101000000Z -crl_nextupdate 20910101000000Z
# same issuer name, another key: the signature cannot verify
root crlfake 'CRL Int' ca
crl int-badsig.crl crlfake
issue crlnosign '/O=kumassl/CN=CRL No Sign' crlca ca_nokucrl -sha256
leaf crl-nosignleaf crlnosign leaf
crl nosign.crl crlnosign
# a CRL revoking nothing (its own, empty database)
: >ca/index0.txt; sed 's|/index.txt|/index0.txt|' ca.cnf >ca0.cnf
"$O" ca -gencrl -config ca0.cnf -cert crlca-cert.pem -keyfile crlca-key.pem -out empty.crl 2>/dev/null

# ---- RSA-PSS signatures (rsaEncryption keys)
PSS="-sigopt rsa_padding_mode:pss"
key pssroot 2048; csr pssroot '/O=kumassl/CN=PSS Root'
"$O" x509 -req -sha256 -days 3650 -in pssroot.csr -signkey pssroot-key.pem $PSS -extfile ext.cnf \
    -extensions ca -out pssroot-cert.pem 2>/dev/null
key pssint 2048; issue pssint '/O=kumassl/CN=PSS Int' pssroot ca -sha384 $PSS -sigopt rsa_pss_saltlen:48
issue pssleaf '/O=kumassl/CN=localhost' pssint leaf -sha256 $PSS -sigopt rsa_pss_saltlen:0
issue psssha1 '/O=kumassl/CN=localhost' pssint leaf -sha1 $PSS
"$O" x509 -in pssleaf-cert.pem -outform DER -out pssbad.der
n=$(wc -c <pssbad.der)
last=$(od -An -tu1 -j $((n-1)) -N1 pssbad.der | tr -d ' ')
printf "\\$(printf '%03o' $(( (last + 1) % 256 )))" | dd of=pssbad.der bs=1 seek=$((n-1)) conv=notrunc 2>/dev/null
"$O" x509 -inform DER -in pssbad.der -out pssbad-cert.pem
cp pssleaf-key.pem pssbad-key.pem

# ---- bundles
cat ica-cert.pem >ica-only.pem
cat root-cert.pem xroot-cert.pem >two-roots.pem
cat xint-cert.pem xroot-cert.pem xcross-cert.pem >cross-a.pem
cat xcross-cert.pem xroot-cert.pem xint-cert.pem >cross-b.pem
cat icaold-cert.pem ica-cert.pem >ica-twins.pem
cat twinfake-cert.pem twinint-cert.pem >twins-fake-first.pem
cat loopab-cert.pem loopba-cert.pem >loop.pem
cat pl1si-cert.pem pl1-cert.pem >pl-si.pem
cat pl2-cert.pem pl1-cert.pem >pl-2.pem
cat int.crl root.crl >both.crl
cat crlint-cert.pem >crlint-only.pem
cat pssint-cert.pem >pssint-only.pem
cat weakleaf-cert.pem weakint-cert.pem >weakchain.pem
cat ica-cert.pem sha1root-cert.pem >ica-sha1root.pem
