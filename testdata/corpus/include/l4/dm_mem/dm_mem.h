/* Stand-in for l4/dm_mem/dm_mem.h (L4Env memory dataspace manager) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_DM_MEM_DM_MEM_H
#define L4IDL_STANDIN_L4_DM_MEM_DM_MEM_H

/* The corpus uses only l4dm_dataspace_t from here. */
#include <l4/dm_generic/types.h>

#endif /* !L4IDL_STANDIN_L4_DM_MEM_DM_MEM_H */
