/*
 * figures.h - the instruction-count benchmark root task (figures_test.go).
 *
 * Under QEMU -icount shift=0 the TSC advances by one per executed guest
 * instruction (kernel and user alike), so rdtsc around a loop counts the
 * instructions of the loop.  Every figure is printed as one line
 *   figure <name> <round trips> <TSC delta>
 * that the Go benchmark turns into instructions per round trip.
 */
#ifndef L4IDL_FIGURES_H
#define L4IDL_FIGURES_H

#include "user.h"

/* Round trips per measured loop, and warm-up round trips before it. */
#define FIG_N 1000
#define FIG_WARM 50

/* Print one figure line. */
void fig_report(const char *name, int n, unsigned long long delta);

/* The anchor operations (anchor_*.c): start a server with the given
 * spawn function, run FIG_WARM + FIG_N calls, report. */
typedef L4_ThreadId_t (*fig_spawn_t)(u_entry_t fn, L4_Word_t arg);
void fig_anchor_a(const char *where, fig_spawn_t spawn);
void fig_anchor_b(const char *where, fig_spawn_t spawn);
void fig_anchor_c(const char *where, fig_spawn_t spawn);
void fig_anchor_c2(const char *where, fig_spawn_t spawn);
void fig_anchor_d(const char *where, fig_spawn_t spawn);
void fig_anchor_e(const char *where, fig_spawn_t spawn);
void fig_anchor_f(const char *where, fig_spawn_t spawn);
void fig_anchor_g(const char *where, fig_spawn_t spawn);

#endif
