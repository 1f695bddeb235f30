/* Stand-in for lanaddress.h (L4Ka afterburner) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_LANADDRESS_H
#define L4IDL_STANDIN_LANADDRESS_H

/* An Ethernet (MAC) address. */
typedef struct {
    unsigned char raw[6];
} lanaddress_t;

#endif /* !L4IDL_STANDIN_LANADDRESS_H */
