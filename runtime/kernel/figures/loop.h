/*
 * loop.h - the measured loop of an anchor figure: FIG_WARM calls, then
 * FIG_N calls between two rdtsc; each call's environment is checked so
 * that a failing stub cannot produce a figure.
 */
#ifndef L4IDL_FIGURES_LOOP_H
#define L4IDL_FIGURES_LOOP_H

#include "figures.h"

#define FIG_LOOP(name, where, env, call)                                    \
	do {                                                                \
		char fig_name_[64];                                         \
		for (int fig_i_ = 0; fig_i_ < FIG_WARM; fig_i_++) {         \
			call;                                               \
			if ((env)._major != CORBA_NO_EXCEPTION)             \
				u_panic("figures: %s failed: _major %d _minor %d", \
					name, (env)._major, (env)._minor);  \
		}                                                           \
		unsigned long long fig_a_ = u_rdtsc();                      \
		for (int fig_i_ = 0; fig_i_ < FIG_N; fig_i_++)              \
			call;                                               \
		unsigned long long fig_b_ = u_rdtsc();                      \
		if ((env)._major != CORBA_NO_EXCEPTION)                     \
			u_panic("figures: %s failed", name);                \
		u_snprintf(fig_name_, sizeof fig_name_, "%s-%s", name, where); \
		fig_report(fig_name_, FIG_N, fig_b_ - fig_a_);              \
	} while (0)

#endif
