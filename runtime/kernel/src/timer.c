/*
 * timer.c - the 8259 PICs and the 8254 PIT (HZ ticks per second), which
 * drives round-robin scheduling, IPC timeouts and SystemClock.
 */
#include "kernel.h"

#define PIT_HZ 1193182u
#define PIT_RELOAD ((PIT_HZ + HZ / 2) / HZ)

static u16 pic_masks = 0xffff;

static void pic_write_masks(void)
{
	outb(0x21, pic_masks & 0xff);
	outb(0xa1, pic_masks >> 8);
}

void pic_mask(int irq, int masked)
{
	if (masked)
		pic_masks |= 1u << irq;
	else
		pic_masks &= ~(1u << irq);
	pic_masks &= ~(1u << 2); /* cascade */
	pic_write_masks();
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(0xa0, 0x20);
	outb(0x20, 0x20);
}

void timer_init(void)
{
	/* Remap the PICs to vectors 0x20..0x2f. */
	outb(0x20, 0x11); outb(0xa0, 0x11);
	outb(0x21, VEC_IRQ_BASE); outb(0xa1, VEC_IRQ_BASE + 8);
	outb(0x21, 4); outb(0xa1, 2);
	outb(0x21, 1); outb(0xa1, 1);
	pic_write_masks();
	outb(0x43, 0x34); /* channel 0, lo/hi, rate generator */
	outb(0x40, PIT_RELOAD & 0xff);
	outb(0x40, PIT_RELOAD >> 8);
	pic_mask(0, 0);
}

/* Microseconds since boot: whole ticks plus the elapsed part of the
 * current tick from the PIT counter. Never goes backwards. */
u64 clock_us(void)
{
	static u64 last;
	outb(0x43, 0x00); /* latch channel 0 */
	u32 lo = inb(0x40), hi = inb(0x40);
	u32 count = lo | hi << 8;
	u64 t = ticks;
	outb(0x20, 0x0a); /* read IRR: a pending tick not yet counted */
	if (inb(0x20) & 1)
		t++, count = PIT_RELOAD;
	u32 elapsed = count <= PIT_RELOAD ? PIT_RELOAD - count : 0;
	u64 us = t * (1000000 / HZ) + (u64)elapsed * 1000000 / PIT_HZ;
	if (us < last)
		us = last;
	last = us;
	return us;
}
