/* anchor_d.c - figure of anchor d (mapper.map: a mapping comes back into
 * the client's receive window, which the client then reads). */
#include "d_mapper_server.h"
#include "d_mapper_client.h"
#include "loop.h"

#define FIG_WINDOW 0x50000000UL

static unsigned char page[4096] __attribute__((aligned(4096)));

void mapper_map_implementation(CORBA_Object _caller, const CORBA_long addr, idl4_fpage_t *fp,
			       idl4_server_environment *_env)
{
	(void)*(volatile unsigned char *)page;  /* have it mapped in this space */
	idl4_fpage_set_base(fp, (L4_Word_t)addr);
	idl4_fpage_set_page(fp, L4_FpageLog2((L4_Word_t)page, 12));
	idl4_fpage_set_permissions(fp, IDL4_PERM_READ | IDL4_PERM_WRITE);
}

static void server(L4_Word_t arg)
{
	mapper_server();
}

void fig_anchor_d(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;
	idl4_fpage_t fp;

	page[8] = 0x4D;
	idl4_set_rcv_window(&env, L4_FpageLog2(FIG_WINDOW, 12));
	FIG_LOOP("anchor-d-mapper.map", where, env, mapper_map(s, 0, &fp, &env));
	if (*(volatile unsigned char *)(FIG_WINDOW + 8) != 0x4D)
		u_panic("figures: mapper.map: the page is not in the window");
}
