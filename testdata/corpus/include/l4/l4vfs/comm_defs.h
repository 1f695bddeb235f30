/* Stand-in for l4/l4vfs/comm_defs.h (L4Env virtual file system) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
/*
 * The corpus #includes this file into IDL text, so it must hold nothing but
 * preprocessor directives.
 */
#ifndef L4IDL_STANDIN_L4_L4VFS_COMM_DEFS_H
#define L4IDL_STANDIN_L4_L4VFS_COMM_DEFS_H

/* Largest buffer a server receives in one read/write/send call, in bytes. */
#define L4VFS_WRITE_RCVBUF_SIZE         8192

/* Largest socket address passed to the network calls, in bytes. */
#define L4VFS_SOCKET_MAX_ADDRLEN        128

#endif /* !L4IDL_STANDIN_L4_L4VFS_COMM_DEFS_H */
