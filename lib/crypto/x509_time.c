/*
 * kumassl: certificate validity times.
 *
 * BearSSL's minimal engine reports one error, BR_ERR_X509_EXPIRED, for a
 * certificate used before its notBefore and after its notAfter; OpenSSL
 * programs expect the two told apart. These functions read the dates of a
 * certificate received from the peer (hostile input: every length and digit
 * is checked) and convert times to the epoch BearSSL's engine counts in.
 */
#include <string.h>
#include "crypto_int.h"

#define TAG_SEQUENCE    0x30
#define TAG_INTEGER     0x02
#define TAG_CTX0        0xA0        /* [0] EXPLICIT version */
#define TAG_UTCTIME     0x17
#define TAG_GENTIME     0x18

/* Days from 1970-01-01 to 0000-01-01 in BearSSL's proleptic Gregorian count. */
#define BR_DAYS_TO_UNIX_EPOCH 719528

/* Days since 1970-01-01 of a proleptic Gregorian date (y >= 0, valid m and d). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    /* Counting years from March puts the leap day last, so months are regular. */
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int leap_year(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && leap_year(y) ? 29 : n[m - 1];
}

/* Reads count decimal digits at *p (advancing it); -1 when one is not a digit. */
static int digits(const unsigned char **p, int count)
{
    int v = 0;

    while (count-- > 0) {
        if (**p < '0' || **p > '9')
            return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    return v;
}

/* A broken-down UTC time, as the two ASN.1 forms write it. */
typedef struct {
    int year, month, day, hour, min, sec;
} civil_time;

static int civil_valid(const civil_time *c)
{
    return c->year >= 0 && c->month >= 1 && c->month <= 12 && c->day >= 1
           && (unsigned)c->day <= days_in_month((unsigned)c->year, (unsigned)c->month)
           && c->hour >= 0 && c->hour < 24 && c->min >= 0 && c->min < 60
           && c->sec >= 0 && c->sec <= 60;  /* 60: a leap second */
}

/*
 * RFC 5280 fixes the forms: UTCTime YYMMDDHHMMSSZ (years 1950-2049) and
 * GeneralizedTime YYYYMMDDHHMMSSZ. BearSSL also tolerates fractional
 * seconds in GeneralizedTime, so they are skipped here as well.
 */
static int parse_civil(unsigned char tag, const unsigned char *s, size_t len, civil_time *c)
{
    const unsigned char *p = s, *end = s + len;

    if (tag == TAG_UTCTIME && len >= 13) {
        c->year = digits(&p, 2);
        c->year += c->year < 50 ? 2000 : 1900;
    } else if (tag == TAG_GENTIME && len >= 15) {
        c->year = digits(&p, 4);
    } else {
        return 0;
    }
    c->month = digits(&p, 2);
    c->day = digits(&p, 2);
    c->hour = digits(&p, 2);
    c->min = digits(&p, 2);
    c->sec = digits(&p, 2);
    if (tag == TAG_GENTIME && p < end && *p == '.') {
        for (p++; p < end && *p >= '0' && *p <= '9'; p++)
            ;
    }
    return p + 1 == end && *p == 'Z' && civil_valid(c);
}

int kuma_asn1_time_parse(unsigned char tag, const unsigned char *s, size_t len, time_t *out)
{
    civil_time c;
    int64_t t;

    if (s == NULL || !parse_civil(tag, s, len, &c))
        return 0;
    t = days_from_civil(c.year, (unsigned)c.month, (unsigned)c.day) * 86400
        + c.hour * 3600 + c.min * 60 + c.sec;
    if ((int64_t)(time_t)t != t)
        return 0;   /* a 32-bit time_t cannot hold it */
    *out = (time_t)t;
    return 1;
}

/* Skips the TBSCertificate's fields up to Validity and enters it. */
static int enter_validity(const unsigned char *der, size_t len, kuma_der *validity)
{
    kuma_der all = { der, len }, cert, tbs, skip;
    unsigned char tag;
    int i;

    if (!kuma_der_next(&all, &tag, &cert, NULL) || tag != TAG_SEQUENCE
        || !kuma_der_next(&cert, &tag, &tbs, NULL) || tag != TAG_SEQUENCE)
        return 0;
    if (tbs.len > 0 && tbs.p[0] == TAG_CTX0 && !kuma_der_next(&tbs, &tag, &skip, NULL))
        return 0;
    /* serialNumber, signature AlgorithmIdentifier, issuer Name */
    for (i = 0; i < 3; i++) {
        if (!kuma_der_next(&tbs, &tag, &skip, NULL))
            return 0;
    }
    return kuma_der_next(&tbs, &tag, validity, NULL) && tag == TAG_SEQUENCE;
}

int kuma_x509_validity(const unsigned char *der, size_t len, time_t *not_before,
                       time_t *not_after)
{
    kuma_der validity, v;
    unsigned char tag;

    if (der == NULL || !enter_validity(der, len, &validity))
        return 0;
    if (!kuma_der_next(&validity, &tag, &v, NULL) || !kuma_asn1_time_parse(tag, v.p, v.len, not_before))
        return 0;
    return kuma_der_next(&validity, &tag, &v, NULL) && kuma_asn1_time_parse(tag, v.p, v.len, not_after);
}

int kuma_time_to_br(time_t t, uint32_t *days, uint32_t *seconds)
{
    int64_t s = (int64_t)t, d = s / 86400, r = s % 86400;

    if (r < 0) {
        r += 86400;
        d--;
    }
    d += BR_DAYS_TO_UNIX_EPOCH;
    if (d < 0 || d > (int64_t)UINT32_MAX)
        return 0;
    *days = (uint32_t)d;
    *seconds = (uint32_t)r;
    return 1;
}
