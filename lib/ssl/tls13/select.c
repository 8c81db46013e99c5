/*
 * kumassl: which engine a connection takes. kumassl's TLS 1.3 engine
 * speaks only TLS 1.3 so far, and BearSSL's client cannot take over a
 * ClientHello it did not write, so a client takes the TLS 1.3 engine when
 * its configuration allows TLS 1.3 and nothing older; every other
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

const kuma_engine_vtable *kuma_engine_for(const SSL *s)
{
    if (s->role == KUMA_ROLE_CLIENT && kuma13_config_only_tls13(&s->cfg))
        return &kuma_engine_tls13;
    return &kuma_engine_br;
}
