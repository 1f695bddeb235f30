/* Stand-in for l4/rt_mon/defines.h (L4Env real-time monitor) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_RT_MON_DEFINES_H
#define L4IDL_STANDIN_L4_RT_MON_DEFINES_H

/* Longest name of a monitored sensor, in bytes (used by l4/rt_mon/types.h). */
#define RT_MON_NAME_LENGTH              32

#endif /* !L4IDL_STANDIN_L4_RT_MON_DEFINES_H */
