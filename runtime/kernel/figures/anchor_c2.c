/* anchor_c2.c - figure of anchor c2 (blkdce.write: DCE buffer, 64 bytes). */
#include "c2_blkdce_server.h"
#include "c2_blkdce_client.h"
#include "loop.h"

static volatile CORBA_long got;

void blkdce_write_implementation(CORBA_Object _caller, const CORBA_long len, const CORBA_char *buf,
				 idl4_server_environment *_env)
{
	got = len;
}

static void server(L4_Word_t arg)
{
	blkdce_server();
}

void fig_anchor_c2(const char *where, fig_spawn_t spawn)
{
	static CORBA_char data[64];
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;

	got = 0;
	FIG_LOOP("anchor-c2-blkdce.write", where, env, blkdce_write(s, 64, data, &env));
	if (got != 64)
		u_panic("figures: blkdce.write delivered %d bytes", (int)got);
}
