/* Stand-in for l4/nethub/client-types.h (L4Env network hub) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_NETHUB_CLIENT_TYPES_H
#define L4IDL_STANDIN_L4_NETHUB_CLIENT_TYPES_H

/* Description of one network interface of the hub. */
struct Nh_iface {
    unsigned int   flags;
    unsigned int   mtu;
    unsigned char  mac[6];
    unsigned short reserved;
};

#endif /* !L4IDL_STANDIN_L4_NETHUB_CLIENT_TYPES_H */
