/*
 * main.c - kernel start: bring up the CPU tables, memory, the KIP, load
 * the boot modules and start sigma0 and the root task (spec 12.6).
 */
#include "kernel.h"

word_t sigma0_gid, roottask_gid;

#define ROOT_UTCB_AREA 0xBF000000u
#define ROOT_KIP_AREA 0xBFF00000u

static struct tcb *start_root_server(word_t gid, u32 ip, word_t pager, int sigma0)
{
	struct space *s = space_new();
	if (!s)
		panic("out of memory creating a root server");
	s->privileged = 1;
	s->sigma0 = sigma0;
	/* UTCB area 0xBF000000 of 128 KiB (256 UTCBs), KIP area 0xBFF00000 */
	if (space_init_areas(s, ROOT_KIP_AREA | 12 << 4, ROOT_UTCB_AREA | 17 << 4))
		panic("cannot set up a root server's areas");
	struct tcb *t = thread_create(gid, s, ROOT_UTCB_AREA + 256);
	if (!t)
		panic("cannot create root server thread %x", gid);
	t->utcb[TCR_PAGER] = pager;
	t->scheduler = roottask_gid;
	t->prio = 255;
	t->active = 1;
	thread_set_user_entry(t, ip, 0);
	make_ready(t);
	return t;
}

void kmain(u32 magic, u32 mbinfo)
{
	console_init();
	puts("\nl4idl kernel: booting\n");
	if (magic != 0x2BADB002)
		panic("not loaded by a multiboot loader (magic %x)", magic);
	gdt_init();
	idt_init();
	kip_init();
	fpu_init();
	boot_modules(mbinfo);
	paging_init();
	mapdb_init();
	threads_init();
	sigma0_gid = MKTID(USER_BASE, 1);
	roottask_gid = MKTID(USER_BASE + 2, 1);
	u32 *kip = (u32 *)kip_page;
	start_root_server(sigma0_gid, kip[9], NILTHREAD, 1);
	start_root_server(roottask_gid, kip[17], sigma0_gid, 0);
	timer_init();
	idle_start();
}
