/* Stand-in for stdint.h (the C library, as used by Iguana/OKL4) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_STDINT_H
#define L4IDL_STANDIN_STDINT_H

/*
 * Exact-width integers.  The spellings have the right sizes on ILP32 (ia32,
 * arm) and LP64 (amd64) alike, so no target macro is needed.
 */
typedef signed char             int8_t;
typedef unsigned char           uint8_t;
typedef signed short            int16_t;
typedef unsigned short          uint16_t;
typedef signed int              int32_t;
typedef unsigned int            uint32_t;
typedef signed long long        int64_t;
typedef unsigned long long      uint64_t;

/* Integers that hold a pointer: one machine word. */
typedef signed long             intptr_t;
typedef unsigned long           uintptr_t;

#endif /* !L4IDL_STANDIN_STDINT_H */
