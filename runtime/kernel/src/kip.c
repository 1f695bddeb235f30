/*
 * kip.c - the kernel interface page (spec 8) and the system-call stubs in
 * it (spec 9.2). The page is mapped read-only (and executable) at the KIP
 * area of every space; the kernel writes it only at boot.
 *
 * Layout: 0x000 KIP structure (72 words), 0x120 processor descriptor,
 * 0x130 kernel descriptor and strings, 0x200..0x7ff memory descriptors,
 * 0x800.. the stubs (16 bytes each). Each stub enters the kernel with
 * `int $(0x30 + call number)'; the Ipc, Lipc, Unmap and MemoryControl
 * stubs first store ESI (MR0) into the UTCB at EDI, Unmap reloads it after.
 */
#include "kernel.h"

u8 kip_page[4096] __attribute__((aligned(4096), section(".data.pagealigned")));
#define KW(i) (((u32 *)kip_page)[i])
#define MEMDESC_OFF 0x200
#define MEMDESC_MAX ((0x800 - MEMDESC_OFF) / 8)
#define STUB_OFF 0x800

static u32 nmemdesc;

/* Link words 52..62 in KIP order and the call each one reaches. */
static const int link_call[11] = {
	SYS_SPACECTL, SYS_THREADCTL, SYS_PROCCTL, SYS_MEMCTL, SYS_IPC, SYS_LIPC,
	SYS_UNMAP, SYS_EXREGS, SYS_CLOCK, SYS_SWITCH, SYS_SCHEDULE,
};

void kip_init(void)
{
	KW(0) = 0x4BE6344C;  /* 'L' '4' 0xE6 'K' */
	KW(1) = 0x84050000;  /* X.2 rev 5 */
	KW(2) = 0;           /* little endian, 32 bit */
	KW(3) = 0x130;       /* kernel descriptor */
	KW(42) = 0x000C2401; /* UTCB: 512 bytes, 512 aligned, area >= 4 KiB */
	KW(43) = 12;         /* KIP area 4 KiB */
	KW(47) = 0x120;      /* processor descriptors */
	/* ClockInfo: SystemClock reads the PIT counter (about 1 µs); the
	 * scheduler works in timer ticks. */
	KW(48) = 1 | (u32)(1000000 / HZ) << 16;
	KW(49) = 17 | SYSTEM_BASE << 8 | USER_BASE << 20;
	KW(50) = (1u << 12) | 6; /* 4 KiB pages, rw */
	KW(51) = 4u << 28;   /* one CPU, 16-byte processor descriptors */
	KW(0x120 / 4) = 1000000; /* external frequency (kHz) */
	KW(0x124 / 4) = 1000000; /* internal */
	u32 *kd = &KW(0x130 / 4);
	kd[0] = 0x4c490000;  /* kernel id 0x4c ('L'), subid 0x49 ('I'): l4idl */
	kd[1] = (26 << 9) | (11 << 5) | 29;
	kd[2] = 0x00010000;
	kd[3] = 0x6469346c;  /* supplier "l4id" */
	const char *ver = "l4idl ia32 kernel 0.1";
	memcpy(&kd[4], ver, strlen(ver) + 1);
	/* feature list: none; the empty string after the version ends it
	 * (the page is zeroed). */
	KW(21) = MEMDESC_OFF << 16;
	for (int i = 0; i < 11; i++) {
		u32 off = STUB_OFF + 16 * i;
		u8 *s = kip_page + off;
		int call = link_call[i], n = 0;
		if (call == SYS_IPC || call == SYS_LIPC || call == SYS_UNMAP || call == SYS_MEMCTL) {
			s[n++] = 0x89; s[n++] = 0x37; /* mov %esi, (%edi) */
		}
		s[n++] = 0xcd; s[n++] = (u8)(VEC_SYSCALL_BASE + call); /* int $vec */
		if (call == SYS_UNMAP) {
			s[n++] = 0x8b; s[n++] = 0x37; /* mov (%edi), %esi */
		}
		s[n++] = 0xc3; /* ret */
		KW(52 + i) = off;
	}
}

void kip_add_memdesc(u32 type, u32 sub, int virt, u32 lo, u32 hi)
{
	if (nmemdesc >= MEMDESC_MAX)
		panic("too many memory descriptors");
	u32 *d = &KW(MEMDESC_OFF / 4 + 2 * nmemdesc++);
	d[0] = (lo & ~0x3ffu) | (virt ? 1u << 9 : 0) | (sub & 0xf) << 4 | (type & 0xf);
	d[1] = hi & ~0x3ffu;
	KW(21) = MEMDESC_OFF << 16 | nmemdesc;
}

void kip_set_boot(u32 s0_ip, u32 s0_lo, u32 s0_hi, u32 root_ip, u32 root_lo, u32 root_hi, u32 bootinfo)
{
	KW(8) = 0; KW(9) = s0_ip; KW(10) = s0_lo; KW(11) = s0_hi;
	KW(16) = 0; KW(17) = root_ip; KW(18) = root_lo; KW(19) = root_hi;
	KW(46) = bootinfo;
}
