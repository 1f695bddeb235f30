/* Stand-in for l4/rt_mon/types.h (L4Env real-time monitor) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_RT_MON_TYPES_H
#define L4IDL_STANDIN_L4_RT_MON_TYPES_H

#include <l4/rt_mon/defines.h>

/* One entry of the list of monitored dataspaces. */
typedef struct rt_mon_dss {
    int  id;
    int  type;
    char name[RT_MON_NAME_LENGTH];
} rt_mon_dss;

#endif /* !L4IDL_STANDIN_L4_RT_MON_TYPES_H */
