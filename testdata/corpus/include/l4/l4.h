/* Stand-in for l4/l4.h (Hazelnut, L4 X.0 API) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_L4_H
#define L4IDL_STANDIN_L4_L4_H

/* Thread ID of the X.0 API on ia32: one 32-bit word. */
typedef struct {
    unsigned int raw;
} l4_threadid_t;

#endif /* !L4IDL_STANDIN_L4_L4_H */
