/* Stand-in for l4/qt3/l4qws_key.h (Qt/Embedded port to L4Env) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_QT3_L4QWS_KEY_H
#define L4IDL_STANDIN_L4_QT3_L4QWS_KEY_H

/* Key naming a shared lock or shared-memory segment (like a SysV key). */
typedef int                     l4qws_key_t;

#endif /* !L4IDL_STANDIN_L4_QT3_L4QWS_KEY_H */
