/*
 * init.c - process start: become the root task of a one-space L4 system
 * and run main() as its first thread.
 */
#include "kernel.h"

int main(int argc, char **argv);

/* libl4's start-up hook (amd64: loads the system-call pointers from the
 * KIP), called before main when the program links libl4. */
extern void __L4_Init(void) __attribute__((weak));

void hosted_start(word_t *sp) __attribute__((noreturn, used));
void hosted_start(word_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	struct tcb *root = &hosted_tcbs[ROOT_INDEX];

	hosted_install_signals();
	hosted_memory_init();

	for (int i = 0; i < MAX_THREADS; i++)
		hosted_tcbs[i].index = i;
	hosted_thread_init(root, tid_make(USER_BASE + ROOT_INDEX, 1), 0);
	root->state = TS_READY;
	root->scheduler = root->gid;
	root->priority = 255;                   /* as Pistachio's roottask */
	hosted_current = root;
	hosted_utcb_word = (word_t)root->utcb;
	hosted_kstack_top = hosted_kstack_of(root);
	hosted_setup_gs();

	if (__L4_Init)
		__L4_Init();
	hosted_sys_exit(main(argc, argv));
}
