/* Stand-in for driver/types.h (Iguana device drivers on OKL4) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_DRIVER_TYPES_H
#define L4IDL_STANDIN_DRIVER_TYPES_H

#include <iguana/types.h>

/* Reference to a (virtual) device: an Iguana object reference. */
typedef objref_t                device_t;

#endif /* !L4IDL_STANDIN_DRIVER_TYPES_H */
