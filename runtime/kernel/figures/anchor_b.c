/* anchor_b.c - figure of anchor b (six.op6: six scalars in, two out). */
#include "b_six_server.h"
#include "b_six_client.h"
#include "loop.h"

void six_op6_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b, const CORBA_long c,
			    const CORBA_long d, const CORBA_long e, const CORBA_long f, CORBA_long *x,
			    CORBA_long *y, idl4_server_environment *_env)
{
	*x = a + b + c;
	*y = d + e + f;
}

static void server(L4_Word_t arg)
{
	six_server();
}

void fig_anchor_b(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;
	CORBA_long x = 0, y = 0;

	FIG_LOOP("anchor-b-six.op6", where, env, six_op6(s, 1, 2, 3, 4, 5, 6, &x, &y, &env));
	if (x != 6 || y != 15)
		u_panic("figures: six.op6 returned %d %d", (int)x, (int)y);
}
