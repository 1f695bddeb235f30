/* anchor_a.c - figure of anchor a (calc.add: two scalars in, one back). */
#include "a_calc_server.h"
#include "a_calc_client.h"
#include "loop.h"

CORBA_long calc_add_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b,
				   idl4_server_environment *_env)
{
	return a + b;
}

static void server(L4_Word_t arg)
{
	calc_server();
}

void fig_anchor_a(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;
	volatile CORBA_long r = 0;

	FIG_LOOP("anchor-a-calc.add", where, env, r = calc_add(s, 2, 3, &env));
	if (r != 5)
		u_panic("figures: calc.add returned %d", (int)r);
}
