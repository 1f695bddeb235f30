/* Stand-in for l4/l4con/l4con_pslim.h (L4Env console) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_L4CON_L4CON_PSLIM_H
#define L4IDL_STANDIN_L4_L4CON_L4CON_PSLIM_H

#include <l4/sys/l4int.h>

/* A screen rectangle in pixels. */
typedef struct l4con_pslim_rect {
    int         x;
    int         y;
    l4_uint32_t w;
    l4_uint32_t h;
} l4con_pslim_rect_t;

/* A pixel colour value. */
typedef l4_uint32_t             l4con_pslim_color_t;

#endif /* !L4IDL_STANDIN_L4_L4CON_L4CON_PSLIM_H */
