/* Stand-in for l4/dm_generic/types.h (L4Env dataspace managers) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_DM_GENERIC_TYPES_H
#define L4IDL_STANDIN_L4_DM_GENERIC_TYPES_H

/* The corpus relies on this header to provide l4_threadid_t as well. */
#include <l4/sys/types.h>

/* A dataspace: its id at the dataspace manager, and that manager. */
typedef struct l4dm_dataspace {
    l4_uint32_t   id;
    l4_threadid_t manager;
} l4dm_dataspace_t;

#endif /* !L4IDL_STANDIN_L4_DM_GENERIC_TYPES_H */
