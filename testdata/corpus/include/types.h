/* Stand-in for types.h (the IDL4 test suite, examples/test) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_IDL4_TEST_TYPES_H
#define L4IDL_STANDIN_IDL4_TEST_TYPES_H

/* test.idl, interface imported_types: a scalar, a struct and an alias. */
typedef int                     ext_int_t;

typedef struct ext_struct {
    int   a;
    short b;
    char  c[6];
} ext_struct_t;

typedef ext_int_t               ext_alias_t;

#endif /* !L4IDL_STANDIN_IDL4_TEST_TYPES_H */
