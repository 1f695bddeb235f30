/* Stand-in for l4/lyon/lyon.h (L4Env trusted-computing service) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_LYON_LYON_H
#define L4IDL_STANDIN_L4_LYON_LYON_H

/* A signed attestation ("quote") returned by the service. */
typedef struct lyon_quote {
    unsigned int  length;
    unsigned char data[256];
} lyon_quote_t;

#endif /* !L4IDL_STANDIN_L4_LYON_LYON_H */
