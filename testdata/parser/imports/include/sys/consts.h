#define LIMIT 8
typedef unsigned short small_t;
