/* Stand-in for l4/generic_blk/types.h (L4Env block driver interface) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_GENERIC_BLK_TYPES_H
#define L4IDL_STANDIN_L4_GENERIC_BLK_TYPES_H

/* blk.idl takes l4_threadid_t and l4_uint32_t from here. */
#include <l4/sys/types.h>

/* Handle of an opened driver instance. */
typedef int                     l4blk_driver_id_t;

/* Handle of a real-time request stream. */
typedef l4_uint32_t             l4blk_stream_t;

/* One block request. */
typedef struct l4blk_blk_request {
    l4blk_driver_id_t driver;
    l4_uint32_t       device;
    l4_uint32_t       command;
    l4_uint32_t       block;
    l4_uint32_t       count;
    l4blk_stream_t    stream;
    l4_uint32_t       req_no;
    l4_uint32_t       flags;
} l4blk_blk_request_t;

#endif /* !L4IDL_STANDIN_L4_GENERIC_BLK_TYPES_H */
