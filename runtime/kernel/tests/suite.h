/*
 * suite.h - the kernel conformance suite (runs as the root task).
 *
 * Every case is a function that returns 1 (pass) or 0 (fail, with the
 * reason written to why); the runner (main.c) prints one TAP line per
 * case and afterwards deletes every thread the case started, so cases are
 * independent.  Expected values come from the ABI fact sheet
 * (../shared/spec/l4-x2-abi.md), sections named in each case.
 */
#ifndef L4IDL_KSUITE_H
#define L4IDL_KSUITE_H

#include "user.h"

#define WHY_SIZE 240

/* A test case. */
struct tcase {
	const char *name;
	int (*fn)(char *why);
};

/* Fail the case with a formatted reason unless cond holds. */
#define EXPECT(cond, ...)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			u_snprintf(why, WHY_SIZE, __VA_ARGS__);             \
			return 0;                                           \
		}                                                           \
	} while (0)

/* Expect an equal word, reporting both. */
#define EXPECT_EQ(got, want)                                                \
	EXPECT((L4_Word_t)(got) == (L4_Word_t)(want), "%s = %#lx, want %s = %#lx", \
	       #got, (unsigned long)(L4_Word_t)(got), #want,               \
	       (unsigned long)(L4_Word_t)(want))

/*
 * An IPC done by a helper thread (job_run): optional delay, receive
 * buffers, xfer timeouts, MRs, then one L4_Ipc; the results land in the
 * same structure and done is set last.
 */
struct job {
	L4_ThreadId_t to, from_spec;
	L4_Word_t timeouts;
	L4_Word_t mr[64];               /* mr[0] = tag; mr[1..u+t] are loaded */
	L4_Word_t br[34];               /* br[0] = acceptor, then buffers */
	int nbr;                        /* number of BRs to load (0 = BR0 = 0) */
	L4_Word_t xfer;                 /* XferTimeouts TCR (0 = never/never) */
	L4_Word_t delay_us;             /* sleep before the IPC */
	L4_Word_t handle;               /* UserDefinedHandle set before the IPC */
	int propagate;                  /* set p and VirtualSender = vsender */
	L4_ThreadId_t vsender;
	/* results */
	L4_Word_t rtag, err, rmr[64];
	L4_ThreadId_t rfrom, actual;
	L4_Word_t t_start, t_end;       /* SystemClock around the IPC (low words) */
	volatile int done;
};

/* Run j in the calling thread (also the body of job threads). */
void job_run(L4_Word_t j);
/* Wait until j->done, at most ms milliseconds; 1 if done. */
int job_wait(struct job *j, int ms);
/* Clear a job and set its destination, receive spec and timeouts. */
void job_init(struct job *j, L4_ThreadId_t to, L4_ThreadId_t from, L4_Word_t timeouts);

/* Load MR1..MRn from w and MR0 = tag (n from the tag). */
void load_msg(L4_Word_t tag, const L4_Word_t *w);
/* Time in microseconds (SystemClock). */
unsigned long long now_us(void);
/* Wait until thread t is blocked in IPC (Schedule's state) or ms pass. */
int wait_blocked(L4_ThreadId_t t, int ms);

/* Helper thread bodies. */
void echo_server(L4_Word_t arg);        /* replies label+1, every word+1 */
void spin_forever(L4_Word_t counter);   /* increments *(volatile L4_Word_t *)counter */
void recv_forever(L4_Word_t arg);       /* blocks in a never-ending receive */

/*
 * Probe: a thread (usually in a new space) that serves commands of the
 * root task, each a call; its receive window is its u_spawn argument
 * (BR0, reloaded before every receive).
 */
#define PROBE_READ    1         /* MR1 addr -> MR1 word at addr */
#define PROBE_WRITE   2         /* MR1 addr, MR2 value */
#define PROBE_TAKE    3         /* a message with typed items: reply MR1 tag, MR2.. the items */
#define PROBE_FORWARD 4         /* MR1 fpage, MR2 sndbase, MR3 dest, MR4 8 map / 10 grant */
#define PROBE_IDS     5         /* -> MR1 MyGlobalId, MR2 MyLocalId */
void probe(L4_Word_t acceptor);
/* One probe command: 1 and the reply's MR1 in *out, or 0 when the probe
 * did not answer within 100 ms (it hangs in a trapped page fault). */
int probe_cmd(L4_ThreadId_t p, L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t c,
	      L4_Word_t d, L4_Word_t *out);
/* Send one map (kind 8) or grant (kind 10) item to a probe; returns the tag. */
L4_MsgTag_t probe_give(L4_ThreadId_t p, L4_Fpage_t fp, L4_Word_t sndbase, L4_Word_t kind);

/* Case tables of the files (NULL-name terminated). */
extern const struct tcase kip_cases[], ipc_cases[], timeout_cases[], string_cases[],
	map_cases[], exreg_cases[], thread_cases[], fault_cases[], robust_cases[];

/* Scratch pages: page aligned, not touched by start-up beyond one write. */
#define SCRATCH_PAGES 16
extern unsigned char scratch[SCRATCH_PAGES][4096];

/* A region of every new space that the pager does not map by itself
 * (outside the image): tests install u_fault_hook for it. */
#define LAZY_BASE 0x40000000UL
/* Receive windows for map tests (outside the image, never pre-mapped). */
#define WINDOW_BASE 0x50000000UL

#endif /* !L4IDL_KSUITE_H */
