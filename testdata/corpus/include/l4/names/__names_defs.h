/* Stand-in for l4/names/__names_defs.h (L4Env name server) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
/*
 * The corpus #includes this file into IDL text, so it must hold nothing but
 * preprocessor directives.
 */
#ifndef L4IDL_STANDIN_L4_NAMES_NAMES_DEFS_H
#define L4IDL_STANDIN_L4_NAMES_NAMES_DEFS_H

/* Longest registered name, in bytes. */
#define NAMES_MAX_NAME_LEN              64

#endif /* !L4IDL_STANDIN_L4_NAMES_NAMES_DEFS_H */
