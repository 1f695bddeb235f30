/*
 * Round-trip smoke test of the stubs generated for examples/calc on amd64
 * Linux (TestRoundTripAmd64): a fake __L4_Ipc saves the Ipc registers, lets
 * a C handler play the kernel and the partner thread, and loads the
 * registers back (RDI = P, as the kernel returns it).  %gs points at a
 * fake UTCB (arch_prctl).  The client
 * stubs are checked against hand-made replies, the server loop against
 * hand-made requests, well-formed and malformed.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <asm/prctl.h>
#include "calc_client.h"
#include "calc_server.h"

struct regs { L4_Word_t mr[8]; L4_Word_t to, from, tmo; };
struct regs R;
static L4_Word_t area[1024] __attribute__((aligned(1024), used));
static L4_Word_t *P = &area[64];
static L4_Word_t gs_cell;
void (*handler)(void);
void fake_ipc(void);
void *__L4_Ipc = fake_ipc;
__asm__(
    ".text\n.globl fake_ipc\nfake_ipc:\n"
    "movq %r9, R+0(%rip)\n movq %rax, R+8(%rip)\n movq %rbx, R+16(%rip)\n movq %r10, R+24(%rip)\n"
    "movq %r12, R+32(%rip)\n movq %r13, R+40(%rip)\n movq %r14, R+48(%rip)\n movq %r15, R+56(%rip)\n"
    "movq %rsi, R+64(%rip)\n movq %rdx, R+72(%rip)\n movq %r8, R+80(%rip)\n"
    "movq %rsp, %rbp\n andq $-16, %rsp\n call *handler(%rip)\n movq %rbp, %rsp\n"
    "movq R+0(%rip), %r9\n movq R+8(%rip), %rax\n movq R+16(%rip), %rbx\n movq R+24(%rip), %r10\n"
    "movq R+32(%rip), %r12\n movq R+40(%rip), %r13\n movq R+48(%rip), %r14\n movq R+56(%rip), %r15\n"
    "movq R+72(%rip), %rsi\n movq $0x1234, %rcx\n movq $0x5678, %r11\n"
    "leaq area+512(%rip), %rdi\n" /* RDI = P = &area[64] (sheet 9.3) */
    "ret\n");

static int fails;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); fails++; } } while (0)

/* ---- client side ---- */
static void h_add(void) {
    CHECK(R.mr[0] == 0x4800002UL && R.to == 0x4001 && R.from == 0x4001);
    R.mr[0] = 1; R.mr[1] = (L4_Word_t)(unsigned)((int)R.mr[1] + (int)R.mr[2]); R.from = R.to;
}
static void h_div_exc(void) { R.mr[0] = 0x10001; R.mr[1] = 42; }
static void h_ipcerr(void) { R.mr[0] = 0x8000; P[-9] = 2 << 1 | 1; }
static char seen_name[64];
static void h_rename(void) {
    L4_Word_t u = R.mr[0] & 0x3F, n = R.mr[1] & 0xFF;
    CHECK((R.mr[0] >> 16) == 0x483 && u == 1 + (n + 7) / 8);
    L4_Word_t w[8] = { R.mr[2], R.mr[3], R.mr[4], R.mr[5], R.mr[6], R.mr[7] };
    memcpy(seen_name, w, n); seen_name[n] = 0;
    R.mr[0] = 1; R.mr[1] = 0xBEEF;
}
static void h_scale(void) {
    CHECK(R.mr[0] == 0x4820004UL && R.mr[1] == 1 && R.mr[2] == 2 && R.mr[3] == 3 && (R.mr[4] & 0xFFFF) == 10 && ((R.mr[4] >> 16) & 0xFF) == 1);
    R.mr[0] = 3; R.mr[1] = 10; R.mr[2] = 20; R.mr[3] = 30;
}
static void h_write(void) {
    /* string item in MR1/2; the "kernel" checks the client accepts nothing */
    CHECK(R.mr[0] == 0x4840080UL && (R.mr[1] >> 10) == 5 && memcmp((void *)R.mr[2], "hello", 5) == 0);
    CHECK(P[-16] == 0);
    R.mr[0] = 1; R.mr[1] = 5;
}
static void h_map(void) {
    CHECK(P[-16] == (0x10 & ~0xFUL)); /* window from the environment */
    R.mr[0] = 0x80; R.mr[1] = 0x1000 | 8; R.mr[2] = 0x1000 | (12 << 4) | 7;
}

/* ---- server side ---- */
static jmp_buf out;
static int step;
CORBA_long example_calc_add_implementation(CORBA_Object c, const CORBA_long a, const CORBA_long b, idl4_server_environment *e) { (void)c; (void)e; return a + b; }
CORBA_long example_calc_div_implementation(CORBA_Object c, const CORBA_long a, const CORBA_long b, idl4_server_environment *e) {
    static example_div_by_zero x; (void)c;
    if (b == 0) { x.dividend = a; CORBA_exception_set(e, ex_example_div_by_zero, &x); return 0; }
    return a / b; }
void example_calc_scale_implementation(CORBA_Object c, example_point_t *p, const CORBA_short f, const CORBA_boolean r, idl4_server_environment *e) { (void)c; (void)r; (void)e; p->x *= f; p->y *= f; p->z *= f; }
void example_calc_rename_implementation(CORBA_Object c, const CORBA_char *name, CORBA_unsigned_long *hash, idl4_server_environment *e) { (void)c; (void)e; *hash = strlen(name) * 1000 + (unsigned char)name[0]; }
void example_calc_write_implementation(CORBA_Object c, const example_calc_block_t *d, L4_Word_t *w, idl4_server_environment *e) { (void)c; (void)e; *w = d->_length; }
void example_calc_map_implementation(CORBA_Object c, const L4_Word_t addr, idl4_fpage_t *p, idl4_server_environment *e) { (void)c; (void)e; p->base = addr; p->fpage = addr | 0xC0 | 5; }
void example_calc_notify_implementation(CORBA_Object c, const L4_ThreadId_t w, const CORBA_octet ev, idl4_server_environment *e) { (void)c; (void)w; (void)ev; (void)e; }
CORBA_unsigned_long example_calc__get_calls_implementation(CORBA_Object c, idl4_server_environment *e) { (void)c; (void)e; return 99; }

static void h_server(void) {
    switch (step++) {
    case 0: CHECK(R.to == 0 && R.from == ~0UL && R.tmo == 0x04000000);
        R.mr[0] = 0x4800002; R.mr[1] = 3; R.mr[2] = 4; R.from = 0x8001; break;           /* add(3,4) */
    case 1: CHECK(R.to == 0x8001 && R.mr[0] == 1 && R.mr[1] == 7);
        R.mr[0] = 0x4810002; R.mr[1] = 5; R.mr[2] = 0; break;                            /* div(5,0) */
    case 2: CHECK(R.mr[0] == 0x10001 && R.mr[1] == 5);
        R.mr[0] = 0x4800003; break;                                                      /* add with u=3 */
    case 3: CHECK(R.mr[0] == 0xFE020000UL);
        R.mr[0] = 0x4990000; break;                                                      /* unknown label */
    case 4: CHECK(R.mr[0] == 0xFE010000UL);
        R.mr[0] = 0x4830002; R.mr[1] = 3; memcpy(&R.mr[2], "abc\0\0\0\0\0", 8); break;   /* rename("abc") */
    case 5: CHECK(R.mr[0] == 1 && R.mr[1] == 3000 + 'a');
        R.mr[0] = 0x4830002; R.mr[1] = 9; break;                                         /* length 9 but u=2 */
    case 6: CHECK(R.mr[0] == 0xFE020000UL);
        /* write: string item of 3 bytes landed in buffer 0 */
        CHECK(P[-16] == 1 && (P[-17] >> 10) == 1024);
        memcpy((void *)P[-18], "xyz", 3);
        R.mr[0] = 0x4840080; R.mr[1] = 3 << 10; R.mr[2] = 0xdead; break;
    case 7: CHECK(R.mr[0] == 1 && R.mr[1] == 3);
        R.mr[0] = 0x4840080; R.mr[1] = (3 << 10) | 8; break;                             /* a map item where a string belongs */
    case 8: CHECK(R.mr[0] == 0xFE020000UL);
        R.mr[0] = 0x4860002; R.mr[1] = 0x4001; R.mr[2] = 7; break;                        /* oneway notify */
    case 9: CHECK(R.to == 0);                                                             /* no reply */
        R.mr[0] = 0x4820004; R.mr[1] = 1; R.mr[2] = 2; R.mr[3] = (L4_Word_t)-3; R.mr[4] = 2 | (1 << 16); break;
    case 10: CHECK(R.mr[0] == 3 && R.mr[1] == 2 && R.mr[2] == 4 && (int)R.mr[3] == -6);
        R.mr[0] = 0x8000; break;                                                          /* failed Ipc */
    case 11: CHECK(R.to == 0);
        longjmp(out, 1);
    }
}

int main(void) {
    gs_cell = (L4_Word_t)P;
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, &gs_cell) != 0) { printf("arch_prctl failed\n"); return 2; }
    CORBA_Object s = { 0x4001 };
    CORBA_Environment env = idl4_default_environment;
    handler = h_add;
    CHECK(example_calc_add(s, 40, 2, &env) == 42 && env._major == CORBA_NO_EXCEPTION);
    CHECK(example_calc_add(s, -40, 2, NULL) == -38);
    handler = h_div_exc;
    example_calc_div(s, 1, 0, &env);
    /* no CORBA_alloc in this program: the exception comes without members */
    CHECK(env._major == CORBA_USER_EXCEPTION && env._minor == ex_example_div_by_zero);
    CORBA_exception_free(&env);
    handler = h_ipcerr;
    example_calc_add(s, 1, 2, &env);
    CHECK(env._major == CORBA_SYSTEM_EXCEPTION && env._minor == (L4IDL_EX_IPC | 5));
    CORBA_exception_free(&env);
    handler = h_rename;
    CORBA_unsigned_long h = 0;
    example_calc_rename(s, "hello, world", &h, &env);
    CHECK(h == 0xBEEF && strcmp(seen_name, "hello, world") == 0 && env._major == 0);
    example_calc_rename(s, "0123456789012345678901234567890123", &h, &env);
    CHECK(env._major == CORBA_SYSTEM_EXCEPTION && env._minor == L4IDL_EX_BAD_PARAM);
    CORBA_exception_free(&env);
    handler = h_scale;
    example_point_t pt = { 1, 2, 3 };
    example_calc_scale(s, &pt, 10, 1, &env);
    CHECK(pt.x == 10 && pt.y == 20 && pt.z == 30);
    handler = h_write;
    example_calc_block_t blk = { 5, 5, (CORBA_octet *)"hello" };
    L4_Word_t written = 0;
    example_calc_write(s, &blk, &written, &env);
    CHECK(written == 5 && env._major == 0);
    handler = h_map;
    idl4_fpage_t fp = { 0, 0 };
    L4_Fpage_t all = { 0x10 };
    idl4_set_rcv_window(&env, all);
    example_calc_map(s, 0x1000, &fp, &env);
    CHECK(fp.fpage == (0x1000 | (12 << 4) | 7) && P[-16] == 0);

    handler = h_server;
    if (!setjmp(out))
        example_calc_server();
    CHECK(step == 12);
    printf("%s (%d failures)\n", fails ? "FAIL" : "ok", fails);
    return fails != 0;
}
