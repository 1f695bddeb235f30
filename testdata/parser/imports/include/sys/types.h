/* A C header: the reader keeps typedefs, structs, enums and integer
 * #defines, and skips everything else. */
#ifndef SYS_TYPES_H
#define SYS_TYPES_H
#define PAGE_BITS 12
#define PAGE_SIZE (1UL << PAGE_BITS)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define VERSION_STRING "1.0"
typedef unsigned long L4_Word_t;
typedef unsigned long word_t;
typedef struct point { int x, y; } point_t;
enum color { RED, GREEN = 4 };
typedef union { long a; } skipped_t;
extern int counter;
static inline int twice(int x) { return 2 * x; }
int prototype(const char *s, ...);
#endif
