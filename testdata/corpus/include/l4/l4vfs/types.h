/* Stand-in for l4/l4vfs/types.h (L4Env virtual file system) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_L4VFS_TYPES_H
#define L4IDL_STANDIN_L4_L4VFS_TYPES_H

#include <l4/sys/types.h>

/* Names of file-system objects. */
typedef int                     volume_id_t;
typedef int                     local_object_id_t;

typedef struct object_id {
    volume_id_t       volume_id;
    local_object_id_t object_id;
} object_id_t;

/* An open file at a server (like a file descriptor). */
typedef int                     object_handle_t;

/* POSIX-like scalar types. */
typedef l4_size_t               l4vfs_size_t;
typedef l4_ssize_t              l4vfs_ssize_t;
typedef signed long             l4vfs_off_t;
typedef unsigned int            l4vfs_mode_t;
typedef unsigned int            l4vfs_socklen_t;

/* One directory entry, as returned by getdents. */
typedef struct l4vfs_dirent {
    local_object_id_t d_ino;
    l4vfs_off_t       d_off;
    unsigned short    d_reclen;
    char              d_name[256];
} l4vfs_dirent_t;

/* File status, as returned by stat. */
typedef struct l4vfs_stat {
    volume_id_t       st_dev;
    local_object_id_t st_ino;
    l4vfs_mode_t      st_mode;
    unsigned int      st_nlink;
    unsigned int      st_uid;
    unsigned int      st_gid;
    l4vfs_off_t       st_size;
    unsigned long     st_blksize;
    unsigned long     st_blocks;
    long              st_atime;
    long              st_mtime;
    long              st_ctime;
} l4vfs_stat_t;

#endif /* !L4IDL_STANDIN_L4_L4VFS_TYPES_H */
