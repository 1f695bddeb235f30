/* Stand-in for l4/sys/l4int.h (L4Env, L4 V2) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_SYS_L4INT_H
#define L4IDL_STANDIN_L4_SYS_L4INT_H

/* Fixed-size integers (ILP32 and LP64 alike). */
typedef signed char             l4_int8_t;
typedef unsigned char           l4_uint8_t;
typedef signed short            l4_int16_t;
typedef unsigned short          l4_uint16_t;
typedef signed int              l4_int32_t;
typedef unsigned int            l4_uint32_t;
typedef signed long long        l4_int64_t;
typedef unsigned long long      l4_uint64_t;

/* Machine words, addresses, sizes and offsets: one word each. */
typedef signed long             l4_mword_t;
typedef unsigned long           l4_umword_t;
typedef unsigned long           l4_addr_t;
typedef unsigned long           l4_size_t;
typedef signed long             l4_ssize_t;
typedef unsigned long           l4_offs_t;

#endif /* !L4IDL_STANDIN_L4_SYS_L4INT_H */
