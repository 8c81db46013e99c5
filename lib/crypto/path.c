/*
 * kumassl: building the path from the leaf to a trust anchor.
 *
 * As OpenSSL (1.1+), issuers are looked for among the trusted certificates
 * first, then among those the peer sent, time-valid ones first; a
 * candidate is a certificate whose subject is the child's issuer and whose
 * subjectKeyIdentifier does not contradict the child's
 * authorityKeyIdentifier. The search is depth-first with backtracking:
 * each complete path is judged by every check of chain.c (signatures,
 * validity, constraints), and the first that passes wins, so a cross-signed
 * or replaced CA whose first candidate fails still verifies, and the
 * result does not depend on the order the certificates came in. When no
 * path passes, the first complete one is kept for its errors (the one
 * OpenSSL would build), else the longest attempt. A certificate appears
 * once per path (loops end there), and the work is bounded.
 */
#include <string.h>
#include "chain_int.h"

#define MAX_CANDIDATES 32       /* issuers tried for one certificate (same name and key id) */
#define MAX_JUDGED 16           /* complete paths judged before giving up on alternatives */

int kuma_path_may_issue(const kuma_node *issuer, const kuma_node *child)
{
    return issuer->ok && X509_NAME_cmp(&issuer->x->subject, &child->x->issuer) == 0
           && kuma_cert_keyid_fits(&issuer->ci, &child->ci);
}

int kuma_path_is_anchor(const kuma_path *p, int i)
{
    const kuma_node *n = &p->nodes[i];

    return n->in_store && (n->self_signed || (p->flags & X509_V_FLAG_PARTIAL_CHAIN));
}

static int in_current(const kuma_path *p, int i)
{
    int k;

    for (k = 0; k < p->cur_len; k++) {
        if (p->cur[k] == i)
            return 1;
    }
    return 0;
}

/* Keeps the current path as the best so far when it beats it. */
static void keep(kuma_path *p, int complete)
{
    if (p->best_found || (!complete && p->cur_len <= p->best_len))
        return;
    memcpy(p->best, p->cur, (size_t)p->cur_len * sizeof(p->cur[0]));
    p->best_len = p->cur_len;
    p->best_trusted = complete;
    p->best_found = complete;
}

/* The candidate issuers of the top of the path, in order of preference; their number. */
static int candidates(const kuma_path *p, int *out, int max)
{
    const kuma_node *child = &p->nodes[p->cur[p->cur_len - 1]];
    int n = 0, pass, i;

    /* trusted and valid, trusted, sent and valid, sent */
    for (pass = 0; pass < 4; pass++) {
        for (i = 1; i < p->count && n < max; i++) {
            const kuma_node *c = &p->nodes[i];

            if ((c->from == KUMA_FROM_STORE) != (pass < 2) || (c->time_ok != 0) != !(pass & 1))
                continue;
            if (!in_current(p, i) && kuma_path_may_issue(c, child))
                out[n++] = i;
        }
    }
    return n;
}

/* Depth-first search from the current path; 1 once a path passes the judge (search over). */
static int search(kuma_path *p)
{
    int top = p->cur[p->cur_len - 1];
    int cand[MAX_CANDIDATES];
    int n, k;

    if (--p->work < 0)
        return 0;
    if (kuma_path_is_anchor(p, top)) {
        int first = !p->best_found;

        if (p->judged++ >= MAX_JUDGED)
            return 0;
        if (p->judge(p->judge_arg, p->cur, p->cur_len, 1) == X509_V_OK) {
            p->best_found = 0;
            keep(p, 1);
            return 1;
        }
        if (first)
            keep(p, 1);
        return 0;
    }
    keep(p, 0);
    /* an untrusted self-signed certificate ends the path; so does the depth limit */
    if (p->nodes[top].self_signed || p->cur_len >= KUMA_VERIFY_MAX_DEPTH
        || p->cur_len >= p->depth_limit + 2)
        return 0;
    n = candidates(p, cand, MAX_CANDIDATES);
    for (k = 0; k < n; k++) {
        p->cur[p->cur_len++] = cand[k];
        if (search(p))
            return 1;
        p->cur_len--;
        if (p->work < 0 || p->judged >= MAX_JUDGED)
            break;
    }
    return 0;
}

void kuma_path_build(kuma_path *p)
{
    p->best_len = 0;
    p->best_found = 0;
    p->best_trusted = 0;
    p->judged = 0;
    p->cur[0] = 0;
    p->cur_len = 1;
    if (p->count > 0)
        (void)search(p);
}
