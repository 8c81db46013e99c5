/*
 * common.h -- what bench.c and bench-bearssl.c share: arguments, the two
 * transports, the clock and the output format.  Each program defines
 * bench_die(), which prints its own library's errors.
 */
#ifndef KUMA_BENCH_COMMON_H
#define KUMA_BENCH_COMMON_H

extern const char *certdir;     /* CERTDIR argument: what tests/gen-certs.sh makes */
extern double seconds;          /* SECONDS argument: wall time per figure */

/* Prints "bench: WHAT failed" and the library's errors, then exits 1. */
void bench_die(const char *what);

/* Parses "CERTDIR SECONDS [MEMCONNS]" and returns MEMCONNS (default 1000),
 * lowered to what the descriptor limit allows (raised as far as it goes). */
int bench_args(int argc, char **argv);

/* 1 when the figures of part ("sp", "tcp", "mem") are to run (BENCH_ONLY). */
int bench_part(const char *part);

double now(void);
/* Starts the loopback listener that make_pair(1, ...) connects to. */
void tcp_listen(void);
void tcp_unlisten(void);
/* fds[0] client end, fds[1] server end, both non-blocking: a socketpair, or loopback TCP. */
void make_pair(int tcp, int fds[2]);
/* One figure: "NAME_sp VALUE UNIT" (or _tcp). */
void report(const char *name, int tcp, double v, const char *unit);

#endif
