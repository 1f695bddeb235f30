/* anchor_e.c - figure of anchor e (notifier.notify: oneway). */
#include "e_notifier_server.h"
#include "e_notifier_client.h"
#include "loop.h"

static volatile CORBA_long sum;

void notifier_notify_implementation(CORBA_Object _caller, const CORBA_long a, idl4_server_environment *_env)
{
	sum += a;
}

static void server(L4_Word_t arg)
{
	notifier_server();
}

void fig_anchor_e(const char *where, fig_spawn_t spawn)
{
	L4_ThreadId_t s = spawn(server, 0);
	CORBA_Environment env = idl4_default_environment;

	sum = 0;
	FIG_LOOP("anchor-e-notifier.notify", where, env, notifier_notify(s, 1, &env));
	u_sleep_us(1000);
	if (sum < FIG_N)
		u_panic("figures: notifier.notify delivered %d of %d", (int)sum, FIG_WARM + FIG_N);
}
