/* Stand-in for l4/dsi/types.h (L4Env streaming interface DSI) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_DSI_TYPES_H
#define L4IDL_STANDIN_L4_DSI_TYPES_H

/* The corpus takes l4dm_dataspace_t and l4_int32_t from here as well. */
#include <l4/dm_generic/types.h>

/* Reference to a DSI socket: its number and the threads serving it. */
typedef struct dsi_socket_ref {
    l4_uint32_t   socket;
    l4_threadid_t work_th;
    l4_threadid_t sync_th;
    l4_threadid_t event_th;
} dsi_socket_ref_t;

#endif /* !L4IDL_STANDIN_L4_DSI_TYPES_H */
