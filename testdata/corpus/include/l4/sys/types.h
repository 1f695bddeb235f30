/* Stand-in for l4/sys/types.h (L4Env, L4 V2 API) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_SYS_TYPES_H
#define L4IDL_STANDIN_L4_SYS_TYPES_H

#include <l4/sys/l4int.h>

/*
 * Thread ID of the L4 V2 API as DICE used it: 64 bits, two 32-bit words,
 * on every target.  A task ID has the same layout.
 */
typedef struct {
    l4_uint32_t low;
    l4_uint32_t high;
} l4_threadid_t;

typedef l4_threadid_t           l4_taskid_t;

/* Kernel clock: 64-bit microsecond count. */
typedef l4_uint64_t             l4_kernel_clock_t;

/* Kernel-memory quota descriptor of task creation: one word. */
typedef struct {
    l4_umword_t raw;
} l4_quota_desc_t;

#endif /* !L4IDL_STANDIN_L4_SYS_TYPES_H */
