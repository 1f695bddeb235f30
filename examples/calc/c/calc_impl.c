/*
 * calc_impl.c - the calculator of calc.idl, server and client in one
 * program (go run ./examples/calc): the root task of l4idl's L4 kernel in
 * QEMU, or a process on the hosted L4 emulator.
 *
 * The server half is the implementation functions the generated server
 * loop (calc_server.h) calls; the client half, main(), starts the server
 * loop in a thread of its own (on the kernel: in an address space of its
 * own) and calls every operation through the generated client stubs
 * (calc_client.h), printing what it sent and what came back.
 */
#include "calc_server.h"
#include "calc_client.h"
#include <l4/thread.h>

#include "hosted.h"

/* ---- server ------------------------------------------------------- */

static CORBA_unsigned_long calls;       /* attribute calls */
static L4_ThreadId_t last_notifier;
static CORBA_octet last_event;

CORBA_long example_calc_add_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b,
                                           idl4_server_environment *_env)
{
    calls++;
    return a + b;
}

CORBA_long example_calc_div_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b,
                                           idl4_server_environment *_env)
{
    static example_div_by_zero ex;      /* read after we return */

    calls++;
    if (b == 0) {
        ex.dividend = a;
        CORBA_exception_set(_env, ex_example_div_by_zero, &ex);
        return 0;
    }
    return a / b;
}

void example_calc_scale_implementation(CORBA_Object _caller, example_point_t *p, const CORBA_short factor,
                                       const CORBA_boolean round, idl4_server_environment *_env)
{
    calls++;
    p->x *= factor;
    p->y *= factor;
    p->z *= factor;
    if (round) {
        p->x = p->x / 10 * 10;
        p->y = p->y / 10 * 10;
        p->z = p->z / 10 * 10;
    }
}

void example_calc_rename_implementation(CORBA_Object _caller, const CORBA_char *name, CORBA_unsigned_long *hash,
                                        idl4_server_environment *_env)
{
    CORBA_unsigned_long h = 2166136261u;        /* FNV-1a */

    calls++;
    for (; *name; name++)
        h = (h ^ (CORBA_octet)*name) * 16777619u;
    *hash = h;
}

void example_calc_write_implementation(CORBA_Object _caller, const example_calc_block_t *data, L4_Word_t *written,
                                       idl4_server_environment *_env)
{
    calls++;
    *written = data->_length;
}

void example_calc_map_implementation(CORBA_Object _caller, const L4_Word_t addr, idl4_fpage_t *page,
                                     idl4_server_environment *_env)
{
    calls++;
    /* Offer the 4 KiB page at addr, readable and writable. */
    idl4_fpage_set_base(page, addr);
    idl4_fpage_set_page(page, L4_FpageLog2(addr, 12));
    idl4_fpage_set_permissions(page, IDL4_PERM_READ | IDL4_PERM_WRITE);
}

void example_calc_notify_implementation(CORBA_Object _caller, const L4_ThreadId_t who, const CORBA_octet event,
                                        idl4_server_environment *_env)
{
    calls++;
    last_notifier = who;
    last_event = event;
}

CORBA_unsigned_long example_calc__get_calls_implementation(CORBA_Object _caller, idl4_server_environment *_env)
{
    return calls;
}

static void server(void)
{
    example_calc_server();
}

/* ---- client ------------------------------------------------------- */

/* Stubs allocate received exceptions with CORBA_alloc. */
static unsigned char heap[4096] __attribute__((aligned(16)));
static unsigned long heap_used;

void *CORBA_alloc(unsigned long size)
{
    void *p = heap + heap_used;
    heap_used += (size + 15) & ~15UL;
    return heap_used <= sizeof heap ? p : (void *)0;
}

void CORBA_free(void *p)
{
    (void)p;
}

static int failed;

static void check(const char *what, CORBA_Environment *env)
{
    if (env->_major == CORBA_NO_EXCEPTION)
        return;
    hosted_printf("%s failed: exception kind %d, code %#x\n", what, env->_major, env->_minor);
    failed = 1;
    CORBA_exception_free(env);
}

int main(void)
{
    CORBA_Environment env = idl4_default_environment;
    CORBA_Object calc = hosted_thread_create(server);

    hosted_printf("calc server running as thread %#lx\n", (unsigned long)calc.raw);

    CORBA_long sum = example_calc_add(calc, 2, 40, &env);
    check("add", &env);
    hosted_printf("add(2, 40) = %d\n", sum);

    CORBA_long q = example_calc_div(calc, 7, 2, &env);
    check("div", &env);
    hosted_printf("div(7, 2) = %d\n", q);

    example_calc_div(calc, 1, 0, &env);
    if (env._major == CORBA_USER_EXCEPTION && CORBA_exception_id(&env) == ex_example_div_by_zero) {
        example_div_by_zero *ex = CORBA_exception_value(&env);
        hosted_printf("div(1, 0) raised div_by_zero (dividend %d)\n", ex ? ex->dividend : -1);
    } else {
        hosted_printf("div(1, 0) did not raise div_by_zero\n");
        failed = 1;
    }
    CORBA_exception_free(&env);

    example_point_t p = { 1, 2, 3 };
    example_calc_scale(calc, &p, 15, 1, &env);
    check("scale", &env);
    hosted_printf("scale({1, 2, 3}, 15, round) = {%d, %d, %d}\n", p.x, p.y, p.z);

    CORBA_unsigned_long hash = 0;
    example_calc_rename(calc, "calculator", &hash, &env);
    check("rename", &env);
    hosted_printf("rename(\"calculator\") -> hash %#x\n", hash);

    static CORBA_octet bytes[300];
    example_calc_block_t block = { sizeof bytes, sizeof bytes, bytes };
    L4_Word_t written = 0;
    example_calc_write(calc, &block, &written, &env);
    check("write", &env);
    hosted_printf("write(%u bytes) -> written %lu\n", block._length, (unsigned long)written);

    idl4_fpage_t page = { 0, 0 };
    idl4_set_rcv_window(&env, L4_CompleteAddressSpace);
    example_calc_map(calc, 0x40000, &page, &env);
    check("map", &env);
    hosted_printf("map(0x40000) -> map item: send base %#lx, fpage %#lx (rights %lu)\n",
                  (unsigned long)idl4_fpage_get_base(page), (unsigned long)idl4_fpage_get_page(page).raw,
                  (unsigned long)idl4_fpage_get_permissions(page));

    example_calc_notify(calc, L4_Myself(), 7, &env);
    check("notify", &env);
    hosted_printf("notify(me, 7) sent (oneway)\n");

    CORBA_unsigned_long n = example_calc__get_calls(calc, &env);
    check("_get_calls", &env);
    hosted_printf("calls = %u; the server saw event %u from thread %#lx\n", n, last_event,
                  (unsigned long)last_notifier.raw);

    if (failed)
        hosted_printf("FAILED\n");
    return failed;
}
