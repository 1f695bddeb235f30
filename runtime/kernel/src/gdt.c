/*
 * gdt.c - segments (GDT, TSS), the interrupt descriptor table and the
 * user-readable page that %gs points into.
 *
 * GDT: 1 kernel code, 2 kernel data, 3 user code, 4 user data,
 * 5 UTCB pointer segment (selector 0x2b, DPL 3, base UPTR_PAGE, limit
 * 4 bytes: the only thing user code may do with %gs is read %gs:0), 6 TSS.
 */
#include "kernel.h"

struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

static u64 gdt[7];
/* The TSS is followed by its I/O permission bitmap (one bit per port, 1 =
 * denied) and the required all-ones byte. User code runs with IOPL 0, so
 * cli/sti/popf cannot turn interrupts off, but may use every I/O port
 * except those the kernel drives itself (PICs, PIT, port 0x61, the QEMU
 * exit port); spec 3.2 without "ioflexpages". */
static struct {
	struct tss tss;
	u8 iomap[8192 + 1];
} __attribute__((packed)) tss_io;
#define tss tss_io.tss

static void io_deny(u32 lo, u32 hi)
{
	for (u32 p = lo; p <= hi; p++)
		tss_io.iomap[p / 8] |= (u8)(1u << (p % 8));
}
static u64 idt[256];

/* The page at UPTR_PAGE (mapped user-readable in every space, space.c). */
u8 uptr_page[4096] __attribute__((aligned(4096), section(".bss.pagealigned")));
volatile u32 *utcb_pointer = (volatile u32 *)uptr_page;

static u64 seg(u32 base, u32 limit, u32 type, u32 dpl, int gran)
{
	u64 d = (limit & 0xffff) | ((u64)(base & 0xffffff) << 16);
	d |= (u64)(type & 0xf) << 40;       /* type */
	d |= (u64)1 << 44;                  /* S: code/data */
	d |= (u64)dpl << 45 | (u64)1 << 47; /* DPL, present */
	d |= (u64)((limit >> 16) & 0xf) << 48;
	d |= (u64)1 << 54;                  /* 32-bit */
	if (gran)
		d |= (u64)1 << 55;
	d |= (u64)(base >> 24) << 56;
	return d;
}

void gdt_init(void)
{
	gdt[1] = seg(0, 0xfffff, 0xa, 0, 1);
	gdt[2] = seg(0, 0xfffff, 0x2, 0, 1);
	gdt[3] = seg(0, 0xfffff, 0xa, 3, 1);
	gdt[4] = seg(0, 0xfffff, 0x2, 3, 1);
	gdt[5] = seg(UPTR_PAGE, 3, 0x0, 3, 0); /* read-only data, 4 bytes */
	u32 tb = (u32)&tss_io, tl = sizeof tss_io - 1;
	gdt[6] = (tl & 0xffff) | ((u64)(tb & 0xffffff) << 16) | (u64)0x89 << 40 |
		 (u64)((tl >> 16) & 0xf) << 48 | (u64)(tb >> 24) << 56;
	tss.ss0 = SEL_KDATA;
	tss.iomap = sizeof tss;
	tss_io.iomap[8192] = 0xff;
	io_deny(0x20, 0x21);   /* master PIC */
	io_deny(0xa0, 0xa1);   /* slave PIC */
	io_deny(0x40, 0x43);   /* PIT */
	io_deny(0x61, 0x61);   /* PIT gate / speaker */
	io_deny(0xf4, 0xf7);   /* isa-debug-exit */
	struct { u16 lim; u32 base; } __attribute__((packed)) d = { sizeof gdt - 1, (u32)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "ljmp $0x08, $1f\n1:\n\t"
			 "mov $0x10, %%ax\n\tmov %%ax, %%ds\n\tmov %%ax, %%es\n\tmov %%ax, %%ss\n\t"
			 "xor %%ax, %%ax\n\tmov %%ax, %%fs\n\tmov %%ax, %%gs\n\t"
			 "mov $0x30, %%ax\n\tltr %%ax"
			 : : "m"(d) : "eax", "memory");
}

void tss_set_esp0(u32 esp0)
{
	tss.esp0 = esp0;
}

extern u32 vector_table[];

void idt_init(void)
{
	for (int v = 0; vector_table[v]; v++) {
		u32 h = vector_table[v];
		/* Only int 3 and the system-call vectors may be raised by
		 * user code (DPL 3); `int n' for any other n is a #GP. */
		u32 dpl = (v == 3 || (v >= VEC_SYSCALL_BASE && v < VEC_SYSCALL_BASE + NSYSCALLS)) ? 3 : 0;
		idt[v] = (h & 0xffff) | (u64)SEL_KCODE << 16 | (u64)(0x8e | dpl << 5) << 40 |
			 (u64)(h >> 16) << 48;
	}
	struct { u16 lim; u32 base; } __attribute__((packed)) d = { sizeof idt - 1, (u32)idt };
	__asm__ volatile("lidt %0" : : "m"(d));
}
