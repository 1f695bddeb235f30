/* anchor_f.c - figure of anchor f (geo.setp: a struct of three words). */
#include "f_geo_server.h"
#include "f_geo_client.h"
#include "loop.h"

static volatile CORBA_long got;

void geo_setp_implementation(CORBA_Object _caller, const geo_point_t *p, idl4_server_environment *_env)
{
	got = p->x + p->y + p->z;
}

static void server(L4_Word_t arg)
{
	geo_server();
}

void fig_anchor_f(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;
	geo_point_t p = { 1, 2, 3 };

	got = 0;
	FIG_LOOP("anchor-f-geo.setp", where, env, geo_setp(s, &p, &env));
	if (got != 6)
		u_panic("figures: geo.setp delivered %d", (int)got);
}
