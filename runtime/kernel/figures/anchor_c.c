/* anchor_c.c - figure of anchor c (blk.write: bounded sequence, 64 bytes). */
#include "c_blk_server.h"
#include "c_blk_client.h"
#include "loop.h"

static volatile CORBA_unsigned_long got;

void blk_write_implementation(CORBA_Object _caller, const blk_buf_t *buf, idl4_server_environment *_env)
{
	got = buf->_length;
}

static void server(L4_Word_t arg)
{
	blk_server();
}

void fig_anchor_c(const char *where, fig_spawn_t spawn)
{
	static CORBA_octet data[64];
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;
	blk_buf_t b = { 1024, 64, data };

	got = 0;
	FIG_LOOP("anchor-c-blk.write", where, env, blk_write(s, &b, &env));
	if (got != 64)
		u_panic("figures: blk.write delivered %u bytes", (unsigned)got);
}
