/*
 * bench-bearssl.c -- the plain-BearSSL baseline for kumassl's benchmark.
 *
 * The same figures as bench/bench.c (same names, units, order and output),
 * written against BearSSL's own API and libc only: no OpenSSL or kumassl
 * header, and not linked with kumassl.  kumassl is the OpenSSL API over
 * BearSSL, so the ratio kumassl / this program is kumassl's own overhead.
 *
 * It configures BearSSL as kumassl does for bench.c's settings: TLS 1.2
 * only, the client verifies the server against ca-cert.pem (no server
 * name), the group lists restrict the client's EC code, one allocation per
 * side per connection holds the context and a BR_SSL_BUFSIZE_BIDI buffer,
 * both sides send close_notify before freeing, the server has a session
 * cache only for the resumption figure.  Client and server live in one
 * process and one thread, both non-blocking, over a socketpair or a
 * loopback TCP connection.
 *
 * usage: bench-bearssl CERTDIR SECONDS [MEMCONNS]
 *
 * Prints one "name value unit" line per figure, then "version <text>".
 * The certificate directory is as tests/gen-certs.sh makes it.
 */
#define _GNU_SOURCE
#include <bearssl.h>
#include "common.h"
#include "prims.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The groups the client offers: BearSSL's curve IDs as a supported_curves mask. */
#define GROUPS_X25519_P256 ((1u << BR_EC_curve25519) | (1u << BR_EC_secp256r1))
#define GROUPS_P256        (1u << BR_EC_secp256r1)


void bench_die(const char *what)
{
    fprintf(stderr, "bench-bearssl: %s failed\n", what);
    exit(1);
}

static void die_engine(const char *what, const br_ssl_engine_context *eng)
{
    fprintf(stderr, "bench-bearssl: %s failed: BearSSL error %d\n", what,
            br_ssl_engine_last_error(eng));
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);

    if (p == NULL)
        bench_die("malloc");
    return p;
}

/* ---- credentials: PEM files decoded with BearSSL ----------------------- */

/* A growing byte buffer; its append function is a BearSSL output callback. */
struct blob {
    unsigned char *data;
    size_t len, cap;
};

static void blob_append(void *ctx, const void *src, size_t len)
{
    struct blob *b = ctx;

    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = realloc(b->data, b->cap);
        if (b->data == NULL)
            bench_die("realloc");
    }
    memcpy(b->data + b->len, src, len);
    b->len += len;
}

static void discard(void *ctx, const void *src, size_t len)
{
    (void)ctx;
    (void)src;
    (void)len;
}

static struct blob read_file(const char *name)
{
    char path[4096];
    struct blob b = { NULL, 0, 0 };
    unsigned char buf[4096];
    size_t n;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", certdir, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench-bearssl: cannot open %s\n", path);
        exit(1);
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        blob_append(&b, buf, n);
    fclose(f);
    return b;
}

/*
 * The DER of every PEM object named NAME in file FILE, into out[0..max-1];
 * returns how many there were (at least one, or it dies).
 */
static size_t pem_objects(const char *file, const char *name, struct blob *out, size_t max)
{
    struct blob text = read_file(file);
    br_pem_decoder_context pc;
    const unsigned char *p;
    size_t left, n = 0;
    int inside = 0;

    blob_append(&text, "\n", 1);    /* an END banner needs its line ended */
    p = text.data;
    left = text.len;
    br_pem_decoder_init(&pc);
    while (left > 0) {
        size_t used = br_pem_decoder_push(&pc, p, left);

        p += used;
        left -= used;
        switch (br_pem_decoder_event(&pc)) {
        case BR_PEM_BEGIN_OBJ:
            inside = n < max && strcmp(br_pem_decoder_name(&pc), name) == 0;
            if (inside)
                out[n] = (struct blob){ NULL, 0, 0 };
            br_pem_decoder_setdest(&pc, inside ? blob_append : discard, inside ? &out[n] : NULL);
            break;
        case BR_PEM_END_OBJ:
            n += inside;
            inside = 0;
            break;
        case BR_PEM_ERROR:
            fprintf(stderr, "bench-bearssl: bad PEM in %s\n", file);
            exit(1);
        }
    }
    free(text.data);
    if (n == 0) {
        fprintf(stderr, "bench-bearssl: no %s in %s\n", name, file);
        exit(1);
    }
    return n;
}

static unsigned char *dup_bytes(const unsigned char *src, size_t len)
{
    unsigned char *p = xmalloc(len);

    memcpy(p, src, len);
    return p;
}

/* The trust anchor for the client: the CA certificate's name and key. */
static br_x509_trust_anchor anchor;

static void load_anchor(const char *file)
{
    struct blob der, dn = { NULL, 0, 0 };
    br_x509_decoder_context dc;
    const br_x509_pkey *pk;

    pem_objects(file, "CERTIFICATE", &der, 1);
    br_x509_decoder_init(&dc, blob_append, &dn);
    br_x509_decoder_push(&dc, der.data, der.len);
    pk = br_x509_decoder_get_pkey(&dc);
    if (pk == NULL)
        bench_die("decoding the CA certificate");
    anchor.dn.data = dn.data;
    anchor.dn.len = dn.len;
    anchor.flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
    anchor.pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {       /* the key points into dc: copy it */
        br_rsa_public_key *k = &anchor.pkey.key.rsa;
        *k = pk->key.rsa;
        k->n = dup_bytes(k->n, k->nlen);
        k->e = dup_bytes(k->e, k->elen);
    } else {
        br_ec_public_key *k = &anchor.pkey.key.ec;
        *k = pk->key.ec;
        k->q = dup_bytes(k->q, k->qlen);
    }
    free(der.data);
}

static void free_anchor(void)
{
    free(anchor.dn.data);
    if (anchor.pkey.key_type == BR_KEYTYPE_RSA) {
        free(anchor.pkey.key.rsa.n);
        free(anchor.pkey.key.rsa.e);
    } else {
        free(anchor.pkey.key.ec.q);
    }
}

/* A server's certificate chain and private key (the key lives in its decoder). */
struct server_creds {
    br_x509_certificate chain[4];
    size_t chain_len;
    unsigned issuer_key_type;       /* the CA's key type: init_full_ec wants it */
    br_skey_decoder_context key;
};

static struct server_creds ecdsa_creds, rsa_creds;

static void load_server_creds(struct server_creds *cr, const char *cert_file, const char *key_file)
{
    struct blob certs[4], key;
    br_x509_decoder_context dc;
    size_t i;

    cr->chain_len = pem_objects(cert_file, "CERTIFICATE", certs, 4);
    for (i = 0; i < cr->chain_len; i++) {
        cr->chain[i].data = certs[i].data;
        cr->chain[i].data_len = certs[i].len;
    }
    br_x509_decoder_init(&dc, NULL, NULL);
    br_x509_decoder_push(&dc, cr->chain[0].data, cr->chain[0].data_len);
    if (br_x509_decoder_last_error(&dc) != 0)
        bench_die("decoding the server certificate");
    cr->issuer_key_type = (unsigned)br_x509_decoder_get_signer_key_type(&dc);
    /* the files are PKCS#8 ("PRIVATE KEY"), which br_skey_decoder reads */
    pem_objects(key_file, "PRIVATE KEY", &key, 1);
    br_skey_decoder_init(&cr->key);
    br_skey_decoder_push(&cr->key, key.data, key.len);
    if (br_skey_decoder_last_error(&cr->key) != 0)
        bench_die("decoding the server key");
    memset(key.data, 0, key.len);
    free(key.data);
}

static void free_server_creds(struct server_creds *cr)
{
    size_t i;

    for (i = 0; i < cr->chain_len; i++)
        free(cr->chain[i].data);
}

/* ---- contexts ----------------------------------------------------------- */

/*
 * One allocation per side per connection, context and I/O buffer together,
 * as kumassl allocates its engine state: the heap figures then compare.
 */
struct client {
    br_ssl_client_context cc;
    br_x509_minimal_context xc;
    unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

struct server {
    br_ssl_server_context sc;
    unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

/*
 * kumassl's default suites, set on both sides when the program names none
 * (as bench.c's handshake figures do): ECDHE with AES-GCM or ChaCha20, in
 * OpenSSL's order of preference.  Not BearSSL's init_full list of some 40
 * suites: BearSSL matches the client's and the server's lists in its
 * handshake interpreter, at a cost that grows with their product, and with
 * that list alone a resumption is about a third slower -- which would
 * credit kumassl with a negative overhead.
 */
static const uint16_t default_suites[] = {
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
};

/* The settings of one figure: what bench.c puts in its SSL_CTXs. */
struct config {
    int rsa;                    /* server: RSA 2048 certificate, else ECDSA P-256 */
    uint16_t suite;             /* both sides: this one suite, else default_suites */
    br_ec_impl client_ec;       /* the default EC code, narrowed to the client's groups */
    br_ssl_session_cache_lru *cache;        /* server cache, or NULL */
};

static void config_init(struct config *cf, int rsa, uint16_t suite, uint32_t groups,
                        br_ssl_session_cache_lru *cache)
{
    cf->rsa = rsa;
    cf->suite = suite;
    /*
     * A BearSSL client offers the curves its EC implementation supports;
     * a copy of the default one with a narrower mask restricts the offer.
     * P-256 stays in every list, so the P-256 server key still verifies.
     */
    cf->client_ec = *br_ec_get_default();
    cf->client_ec.supported_curves &= groups;
    cf->cache = cache;
}

static void set_common(br_ssl_engine_context *eng, const struct config *cf, unsigned char *buf,
                       size_t len)
{
    br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
    if (cf->suite != 0)
        br_ssl_engine_set_suites(eng, &cf->suite, 1);
    else
        br_ssl_engine_set_suites(eng, default_suites,
                                 sizeof(default_suites) / sizeof(default_suites[0]));
    br_ssl_engine_set_buffer(eng, buf, len, 1);
}

/* A client ready to send its ClientHello; resuming SESS when not NULL. */
static struct client *client_new(const struct config *cf, const br_ssl_session_parameters *sess)
{
    struct client *c = xmalloc(sizeof(*c));

    br_ssl_client_init_full(&c->cc, &c->xc, &anchor, 1);
    br_ssl_engine_set_ec(&c->cc.eng, &cf->client_ec);
    set_common(&c->cc.eng, cf, c->iobuf, sizeof(c->iobuf));
    if (sess != NULL)
        br_ssl_engine_set_session_parameters(&c->cc.eng, sess);
    /* no server name, as bench.c sets none: the chain is still verified */
    if (!br_ssl_client_reset(&c->cc, NULL, sess != NULL))
        die_engine("br_ssl_client_reset", &c->cc.eng);
    return c;
}

static struct server *server_new(const struct config *cf)
{
    struct server *s = xmalloc(sizeof(*s));
    const struct server_creds *cr = cf->rsa ? &rsa_creds : &ecdsa_creds;

    if (cf->rsa)
        br_ssl_server_init_full_rsa(&s->sc, cr->chain, cr->chain_len,
                                    br_skey_decoder_get_rsa(&cr->key));
    else
        br_ssl_server_init_full_ec(&s->sc, cr->chain, cr->chain_len, cr->issuer_key_type,
                                   br_skey_decoder_get_ec(&cr->key));
    set_common(&s->sc.eng, cf, s->iobuf, sizeof(s->iobuf));
    if (cf->cache != NULL)
        br_ssl_server_set_cache(&s->sc, &cf->cache->vtable);
    /* kumassl's server refuses renegotiation, as OpenSSL's does by default */
    br_ssl_engine_add_flags(&s->sc.eng, BR_OPT_NO_RENEGOTIATION);
    if (!br_ssl_server_reset(&s->sc))
        die_engine("br_ssl_server_reset", &s->sc.eng);
    return s;
}

/* ---- moving records ----------------------------------------------------- */

/* Sends what the engine has ready; 1 if some bytes left, 0 if the socket is full. */
static int send_records(br_ssl_engine_context *eng, int fd)
{
    size_t len;
    unsigned char *buf = br_ssl_engine_sendrec_buf(eng, &len);
    ssize_t n;

    do
        n = send(fd, buf, len, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        bench_die("send");
    }
    br_ssl_engine_sendrec_ack(eng, (size_t)n);
    return 1;
}

/* Feeds the engine what the socket has; 1 if some bytes came, 0 if it is empty. */
static int recv_records(br_ssl_engine_context *eng, int fd)
{
    size_t len;
    unsigned char *buf = br_ssl_engine_recvrec_buf(eng, &len);
    ssize_t n;

    do
        n = recv(fd, buf, len, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        bench_die("recv");
    }
    if (n == 0) {
        fprintf(stderr, "bench-bearssl: the peer closed the connection unexpectedly\n");
        exit(1);
    }
    br_ssl_engine_recvrec_ack(eng, (size_t)n);
    return 1;
}

/*
 * The one pump: moves records between the engine and its socket in the
 * directions DIRS (BR_SSL_SENDREC and/or BR_SSL_RECVREC) until neither
 * moves a byte, and returns the engine's state.  Any engine error is
 * fatal: a benchmark must not report figures for failed connections.
 */
static unsigned pump(br_ssl_engine_context *eng, int fd, unsigned dirs)
{
    for (;;) {
        unsigned st = br_ssl_engine_current_state(eng);
        int moved = 0;

        if (st & BR_SSL_CLOSED) {
            if (br_ssl_engine_last_error(eng) != BR_ERR_OK)
                die_engine("the TLS engine", eng);
            return st;
        }
        if (st & dirs & BR_SSL_SENDREC)
            moved |= send_records(eng, fd);
        if (st & dirs & BR_SSL_RECVREC)
            moved |= recv_records(eng, fd);
        if (!moved)
            return st;
    }
}

#define BOTH_WAYS (BR_SSL_SENDREC | BR_SSL_RECVREC)

/* ---- connections -------------------------------------------------------- */

struct conn {
    struct client *c;
    struct server *s;
    int fds[2];
};

static br_ssl_engine_context *ceng(struct conn *k)
{
    return &k->c->cc.eng;
}

static br_ssl_engine_context *seng(struct conn *k)
{
    return &k->s->sc.eng;
}

/* The handshake is over on a side when it first accepts application data. */
static void connect_pair(struct conn *k, const struct config *cf, int tcp,
                         const br_ssl_session_parameters *sess)
{
    unsigned cs, ss;

    make_pair(tcp, k->fds);
    k->c = client_new(cf, sess);
    k->s = server_new(cf);
    do {
        cs = pump(ceng(k), k->fds[0], BOTH_WAYS);
        ss = pump(seng(k), k->fds[1], BOTH_WAYS);
        if ((cs | ss) & BR_SSL_CLOSED)
            bench_die("handshake (engine closed)");
    } while (!(cs & BR_SSL_SENDAPP) || !(ss & BR_SSL_SENDAPP));
}

static void free_side(void *side, int fd)
{
    free(side);
    close(fd);
}

/*
 * Each side queues its close_notify and writes it out, without waiting for
 * the peer's: what SSL_shutdown() does once, as bench.c calls it.
 */
static void close_pair(struct conn *k)
{
    br_ssl_engine_close(ceng(k));
    pump(ceng(k), k->fds[0], BR_SSL_SENDREC);
    br_ssl_engine_close(seng(k));
    pump(seng(k), k->fds[1], BR_SSL_SENDREC);
    free_side(k->c, k->fds[0]);
    free_side(k->s, k->fds[1]);
}

/* ---- figures ------------------------------------------------------------ */

/* The group a figure is named after: X25519 whenever the client offers it. */
static void check_curve(struct conn *k, uint32_t groups)
{
    int want = (groups & (1u << BR_EC_curve25519)) ? BR_EC_curve25519 : BR_EC_secp256r1;
    int got = br_ssl_engine_get_ecdhe_curve(ceng(k));

    if (got != want) {
        fprintf(stderr, "bench-bearssl: key exchange used curve %d, not %d\n", got, want);
        exit(1);
    }
}

static void bench_handshake(const char *name, int rsa, uint32_t groups, int tcp)
{
    struct config cf;
    double t0 = now(), t;
    long n = 0;

    config_init(&cf, rsa, 0, groups, NULL);
    do {
        struct conn k;

        connect_pair(&k, &cf, tcp, NULL);
        if (n == 0)
            check_curve(&k, groups);
        close_pair(&k);
        n++;
    } while ((t = now() - t0) < seconds);
    report(name, tcp, n / t, "hs/s");
}

/* BearSSL has no "resumed" flag: a resumption keeps the id and the master secret. */
static int same_session(const br_ssl_session_parameters *a, const br_ssl_session_parameters *b)
{
    return a->session_id_len > 0 && a->session_id_len == b->session_id_len
        && memcmp(a->session_id, b->session_id, a->session_id_len) == 0
        && memcmp(a->master_secret, b->master_secret, sizeof(a->master_secret)) == 0;
}

static void bench_resume(int tcp)
{
    static unsigned char store[100 * 100];      /* 100 entries of 100 bytes */
    br_ssl_session_cache_lru lru;
    br_ssl_session_parameters sess, got;
    struct config cf;
    struct conn k;
    double t0, t;
    long n = 0;

    br_ssl_session_cache_lru_init(&lru, store, sizeof(store));
    config_init(&cf, 0, 0, GROUPS_P256, &lru);
    connect_pair(&k, &cf, tcp, NULL);
    br_ssl_engine_get_session_parameters(ceng(&k), &sess);
    close_pair(&k);
    t0 = now();
    do {
        connect_pair(&k, &cf, tcp, &sess);
        br_ssl_engine_get_session_parameters(ceng(&k), &got);
        if (!same_session(&sess, &got))
            bench_die("resumption (session not reused)");
        close_pair(&k);
        n++;
    } while ((t = now() - t0) < seconds);
    report("resume_ecdsa", tcp, n / t, "hs/s");
}

/* Client: one write of LEN bytes, as one record (SSL_write does the same). */
static void write_app(br_ssl_engine_context *eng, const unsigned char *data, size_t len)
{
    while (len > 0) {
        size_t room;
        unsigned char *buf = br_ssl_engine_sendapp_buf(eng, &room);

        if (buf == NULL)
            die_engine("br_ssl_engine_sendapp_buf (no room)", eng);
        if (room > len)
            room = len;
        memcpy(buf, data, room);
        br_ssl_engine_sendapp_ack(eng, room);
        data += room;
        len -= room;
    }
    br_ssl_engine_flush(eng, 0);
}

/* Client: up to 64 writes of CHUNK bytes, stopping when the socket is full. */
static void bulk_write(struct conn *k, const unsigned char *out, size_t chunk)
{
    int i;

    for (i = 0; i < 64; i++) {
        if (pump(ceng(k), k->fds[0], BR_SSL_SENDREC) & BR_SSL_SENDREC)
            return;                     /* records still pending: the socket is full */
        write_app(ceng(k), out, chunk);
    }
    pump(ceng(k), k->fds[0], BR_SSL_SENDREC);
}

/* Server: reads until the socket is empty, copying out as SSL_read does; returns the bytes. */
static long long bulk_read(struct conn *k, unsigned char *in, size_t size)
{
    long long got = 0;

    while (pump(seng(k), k->fds[1], BOTH_WAYS) & BR_SSL_RECVAPP) {
        size_t len;
        unsigned char *buf = br_ssl_engine_recvapp_buf(seng(k), &len);

        if (len > size)
            len = size;
        memcpy(in, buf, len);
        br_ssl_engine_recvapp_ack(seng(k), len);
        got += (long long)len;
    }
    return got;
}

static void bench_bulk(const char *name, uint16_t suite, size_t chunk, int tcp)
{
    static unsigned char out[16384], in[16384];
    br_ssl_session_parameters p;
    struct config cf;
    struct conn k;
    double t0, t;
    long long got = 0;

    memset(out, 'x', sizeof(out));
    config_init(&cf, 0, suite, GROUPS_P256, NULL);
    connect_pair(&k, &cf, tcp, NULL);
    br_ssl_engine_get_session_parameters(ceng(&k), &p);
    if (p.cipher_suite != suite) {
        fprintf(stderr, "bench-bearssl: negotiated suite 0x%04X, not 0x%04X\n",
                p.cipher_suite, suite);
        exit(1);
    }
    t0 = now();
    do {
        bulk_write(&k, out, chunk);
        got += bulk_read(&k, in, sizeof(in));
    } while ((t = now() - t0) < seconds);
    report(name, tcp, got / t / 1e6, "MB/s");
    close_pair(&k);
}

/*
 * Heap per established idle connection, as bench.c measures it: N
 * handshaken pairs over socketpairs, mallinfo2() before and after; then
 * the clients are freed to split the figure into the client's and the
 * server's share.
 */
static void bench_memory(int nconn)
{
    struct conn *k = calloc((size_t)nconn, sizeof(*k));
    struct mallinfo2 m0, m1, m2;
    struct config cf;
    struct rusage ru;
    int i;

    if (k == NULL)
        bench_die("calloc");
    config_init(&cf, 0, 0, GROUPS_P256, NULL);
    {   /* warm up, as bench.c does (stdio and the like allocate once) */
        struct conn w;
        connect_pair(&w, &cf, 0, NULL);
        close_pair(&w);
    }
    m0 = mallinfo2();
    for (i = 0; i < nconn; i++)
        connect_pair(&k[i], &cf, 0, NULL);
    m1 = mallinfo2();
    for (i = 0; i < nconn; i++)
        free_side(k[i].c, k[i].fds[0]);
    m2 = mallinfo2();
    printf("heap_client %.0f B/conn\n", ((double)m1.uordblks - (double)m2.uordblks) / nconn);
    printf("heap_server %.0f B/conn\n", ((double)m2.uordblks - (double)m0.uordblks) / nconn);
    for (i = 0; i < nconn; i++)
        free_side(k[i].s, k[i].fds[1]);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_rss %.0f KiB\n", (double)ru.ru_maxrss);
    free(k);
}

int main(int argc, char **argv)
{
    int tcp, nconn = bench_args(argc, argv);

    load_anchor("ca-cert.pem");
    load_server_creds(&ecdsa_creds, "server-ecdsa-cert.pem", "server-ecdsa-key.pem");
    load_server_creds(&rsa_creds, "server-cert.pem", "server-key.pem");

    /* The memory figure first, so that peak RSS is that of the N connections. */
    if (bench_part("mem"))
        bench_memory(nconn);
    tcp_listen();
    for (tcp = 0; tcp <= 1; tcp++) {
        if (!bench_part(tcp ? "tcp" : "sp"))
            continue;
        bench_handshake("hs_ecdsa_x25519", 0, GROUPS_X25519_P256, tcp);
        bench_handshake("hs_ecdsa_p256", 0, GROUPS_P256, tcp);
        bench_handshake("hs_rsa2048_x25519", 1, GROUPS_X25519_P256, tcp);
        bench_handshake("hs_rsa2048_p256", 1, GROUPS_P256, tcp);
        bench_resume(tcp);
        bench_bulk("bulk16k_aes128gcm", BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 16384, tcp);
        bench_bulk("bulk16k_aes256gcm", BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 16384, tcp);
        bench_bulk("bulk16k_chacha20", BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 16384, tcp);
        bench_bulk("bulk1k_aes128gcm", BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 1024, tcp);
    }
    tcp_unlisten();
    free_server_creds(&ecdsa_creds);
    free_server_creds(&rsa_creds);
    free_anchor();
    /* BearSSL has no version call or macro; run.sh names the installed package */
    if (bench_part("prim"))
        bench_prims();
    printf("version BearSSL (libbearssl, plain API, no kumassl)\n");
    return 0;
}
