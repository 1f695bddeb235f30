/* Stand-in for dice/dice-corba-types.h (DICE runtime) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_DICE_DICE_CORBA_TYPES_H
#define L4IDL_STANDIN_DICE_DICE_CORBA_TYPES_H

#include <l4/sys/types.h>

/* A CORBA object reference on L4 is the thread ID of the serving thread. */
typedef l4_threadid_t           CORBA_Object_base;

/*
 * DICE declares CORBA_Object as a pointer to CORBA_Object_base; the C reader
 * of l4idl has no pointer typedefs, and what travels in a message is the
 * thread ID either way, so the stand-in uses the value type.
 */
typedef CORBA_Object_base       CORBA_Object;

#endif /* !L4IDL_STANDIN_DICE_DICE_CORBA_TYPES_H */
