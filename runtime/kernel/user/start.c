/*
 * start.c - the root task's start: find the kernel, touch the whole image
 * (so that sigma0 maps all of it into the root space before other threads
 * exist: the pager maps these pages to new spaces, and root-space threads
 * never fault), start the pager, run main, end the run.
 */
#include "user.h"

L4_Word_t u_image_start, u_image_end;

/* Linker symbols (root.ld). */
extern char __image_start[], __data_start[], _end[];

void u_threads_init(void);
void u_start(void) __attribute__((noreturn));

void u_start(void)
{
	L4_Init();
	u_threads_init();
	u_image_start = (L4_Word_t)__image_start;
	u_image_end = ((L4_Word_t)_end + 0xFFF) & ~0xFFFUL;
	for (L4_Word_t p = u_image_start; p < (L4_Word_t)__data_start; p += 4096)
		(void)*(volatile char *)p;
	for (L4_Word_t p = (L4_Word_t)__data_start; p < u_image_end; p += 4096) {
		volatile char *c = (volatile char *)p;
		*c = *c;
	}
	u_pager_start();
	int rc = main();
	u_printf("# main returned %d\n", rc);
	for (;;)
		L4_KDB_Enter("done");
}
