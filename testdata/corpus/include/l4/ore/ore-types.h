/* Stand-in for l4/ore/ore-types.h (L4Env ORe network switch) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_ORE_ORE_TYPES_H
#define L4IDL_STANDIN_L4_ORE_ORE_TYPES_H

/* Handle of an open network channel. */
typedef int                     l4ore_handle_t;

/* Channel configuration (rw_ fields may be changed, ro_ fields not). */
typedef struct l4ore_config {
    int           rw_debug;
    int           rw_broadcast;
    int           rw_active;
    int           ro_keep_device_mac;
    int           ro_mtu;
    int           ro_irq;
    unsigned char ro_mac[6];
} l4ore_config;

#endif /* !L4IDL_STANDIN_L4_ORE_ORE_TYPES_H */
