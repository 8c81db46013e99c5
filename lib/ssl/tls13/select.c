/*
 * kumassl: which engine a connection takes. BearSSL's client cannot take
 * over a ClientHello it did not write, so a client that may end up in TLS
 * 1.3 takes kumassl's engine, which also completes a TLS 1.2 handshake
 * (ECDHE + AEAD) when the server picks 1.2: one allowing TLS 1.3 only, or
 * one asking for TLS 1.3 by name while allowing 1.2. Every other
 * connection takes BearSSL's TLS 1.0-1.2 engine.
 */
#include "tls13_int.h"

int kuma13_config_only_tls13(const kuma_config *cfg)
{
    int lo = cfg->min_version != 0 ? cfg->min_version : TLS1_2_VERSION;
    int hi = cfg->max_version != 0 ? cfg->max_version : TLS1_3_VERSION;
    int v;

    if (hi < TLS1_3_VERSION || kuma_config_version_disabled(cfg, TLS1_3_VERSION))
        return 0;
    for (v = lo > TLS1_VERSION ? lo : TLS1_VERSION; v < TLS1_3_VERSION; v++)
        if (!kuma_config_version_disabled(cfg, v))
            return 0;
    return 1;
}

int kuma13_config_offers_tls12(const kuma_config *cfg)
{
    int lo = cfg->min_version != 0 ? cfg->min_version : TLS1_2_VERSION;
    int v;

    if (lo > TLS1_2_VERSION || (cfg->max_version != 0 && cfg->max_version < TLS1_2_VERSION)
        || kuma_config_version_disabled(cfg, TLS1_2_VERSION))
        return 0;
    for (v = lo > TLS1_VERSION ? lo : TLS1_VERSION; v < TLS1_2_VERSION; v++)
        if (!kuma_config_version_disabled(cfg, v))
            return 0;
    return 1;
}

/* 1 when kumassl's engine carries one of the TLS 1.2 suites of cfg. */
static int has_our_tls12_suite(const kuma_config *cfg)
{
    size_t i;

    for (i = 0; i < cfg->suites.num; i++)
        if (kuma12_suite_by_id(cfg->suites.ids[i]) != NULL)
            return 1;
    return 0;
}

/*
 * A client asking for TLS 1.3 by name (SSL_CTX_set_max_proto_version
 * TLS1_3_VERSION) while allowing TLS 1.2 and nothing older: kumassl's
 * engine offers both in one ClientHello and completes either. Not for a
 * TLS 1.2 session to resume, a maximum fragment length, or suites kumassl's
 * engine lacks: BearSSL's engine keeps those (TLS 1.2).
 */
static int client_offers_both(const SSL *s)
{
    const kuma_config *cfg = &s->cfg;

    return cfg->max_version == TLS1_3_VERSION && !kuma_config_version_disabled(cfg, TLS1_3_VERSION)
           && kuma13_config_offers_tls12(cfg) && has_our_tls12_suite(cfg)
           && kuma_ext_max_frag_len(s) == 0
           && (s->session == NULL || SSL_SESSION_get_protocol_version(s->session) == TLS1_3_VERSION);
}

const kuma_engine_vtable *kuma_engine_for(const SSL *s)
{
    if (s->role == KUMA_ROLE_CLIENT && (kuma13_config_only_tls13(&s->cfg) || client_offers_both(s)))
        return &kuma_engine_tls13;
    return &kuma_engine_br;
}
