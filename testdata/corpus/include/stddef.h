/* Stand-in for stddef.h (the C library, as used by Iguana/OKL4) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_STDDEF_H
#define L4IDL_STANDIN_STDDEF_H

/* iguana.idl4 imports this header but uses none of its names. */

#endif /* !L4IDL_STANDIN_STDDEF_H */
