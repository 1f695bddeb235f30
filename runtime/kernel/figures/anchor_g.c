/* anchor_g.c - figure of anchor g (con.puts: a 12-character string). */
#include "g_con_server.h"
#include "g_con_client.h"
#include "loop.h"

static volatile size_t got;

void con_puts_implementation(CORBA_Object _caller, const CORBA_char *s, idl4_server_environment *_env)
{
	got = strlen(s);
}

static void server(L4_Word_t arg)
{
	con_server();
}

void fig_anchor_g(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;

	got = 0;
	FIG_LOOP("anchor-g-con.puts", where, env, con_puts(s, "hello, world", &env));
	if (got != 12)
		u_panic("figures: con.puts delivered %u characters", (unsigned)got);
}
