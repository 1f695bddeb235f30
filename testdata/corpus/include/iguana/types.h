/* Stand-in for iguana/types.h (Iguana on OKL4) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_IGUANA_TYPES_H
#define L4IDL_STANDIN_IGUANA_TYPES_H

/*
 * Most Magpie interfaces import only this header and take the L4 types
 * (L4_ThreadId_t, L4_Word_t, L4_Fpage_t) and the <stdint.h> types from it.
 */
#include <l4/types.h>
#include <stdint.h>

/* Reference to an Iguana object: one word. */
typedef uintptr_t               objref_t;

/* Typed object references. */
typedef objref_t                pd_ref_t;
typedef objref_t                thread_ref_t;
typedef objref_t                eas_ref_t;
typedef objref_t                memsection_ref_t;
typedef objref_t                hw_ref_t;
typedef objref_t                session_ref_t;

/* A capability: an object reference and its password. */
typedef struct cap {
    objref_t  ref;
    uintptr_t passwd;
} cap_t;

/*
 * A short, bounded string passed by value (device and test names).  Magpie
 * may treat `smallstring' as a name of its own; this stand-in gives it a
 * plain C declaration: 32 bytes inline.
 */
typedef struct {
    char text[32];
} smallstring;

#endif /* !L4IDL_STANDIN_IGUANA_TYPES_H */
