/*
 * modules.c - multiboot information, physical memory plan, boot modules.
 *
 * Physical memory plan (all checked, boot stops with PANIC otherwise):
 *   [1 MiB, _kernel_end)           kernel image (must end below 4 MiB)
 *   [0x00400000, 0x00800000)       sigma0 image (module 0, loaded at p_paddr)
 *   [0x00800000, 0x02800000)       root task image (module 1)
 *   [stage, stage_end)             boot info + copies of all modules, moved
 *                                  here first (stage >= 0x02800000 and above
 *                                  every module as the loader placed it)
 *   [stage_end, stage_end+POOL)    kernel frame pool (mem.c)
 * KIP memory descriptors (later ones override earlier ones, spec 8.5):
 *   conventional RAM from the multiboot map, reserved for other map
 *   entries, reserved for the kernel image and pool, type 0xE subtype 0
 *   for the loaded sigma0 and root task images and the boot info page,
 *   type 0xE subtype 1 for each module copy (in module order), and one
 *   virtual conventional descriptor for the user area.
 * BootInfo (KIP word 46) is the physical address of a generic L4 boot
 * info structure (spec 8.7) with one Module record per boot module.
 */
#include "kernel.h"

#define POOL_SIZE (24u << 20)
#define SIGMA0_LO 0x00400000u
#define ROOT_LO 0x00800000u
#define ROOT_HI 0x02800000u
#define MAXMODS 16

struct mb_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
};
struct mb_mod { u32 start, end, cmdline, pad; };
struct mb_mmap { u32 size; u32 base_lo, base_hi, len_lo, len_hi, type; } __attribute__((packed));

struct elf_hdr {
	u8 ident[16];
	u16 type, machine;
	u32 version, entry, phoff, shoff, flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr { u32 type, offset, vaddr, paddr, filesz, memsz, flags, align; };

struct bootmod { u32 start, size; char cmdline[128]; };
static struct bootmod mods[MAXMODS];
static u32 nmods;
static u32 mmap_copy[64][3]; /* base, end (exclusive, clipped to 4 GiB), type */
static u32 nmmap;

extern u8 _kernel_start[], _kernel_end[];

static u32 align_up(u32 x) { return (x + PAGE_SIZE - 1) & PAGE_MASK; }

/* Load the ELF image at kernel address img (size bytes) into [lo, hi). */
static u32 load_elf(const char *what, u8 *img, u32 size, u32 lo, u32 hi, u32 *plo, u32 *phi)
{
	struct elf_hdr *h = (struct elf_hdr *)img;
	if (size < sizeof *h || memcmp(h->ident, "\177ELF", 4) || h->ident[4] != 1 || h->machine != 3 ||
	    h->type != 2)
		panic("%s: not a static ELF32 i386 executable", what);
	if (h->phoff > size || h->phnum > 64 || h->phoff + h->phnum * sizeof(struct elf_phdr) > size)
		panic("%s: bad program headers", what);
	u32 mlo = 0xffffffff, mhi = 0;
	for (int i = 0; i < h->phnum; i++) {
		struct elf_phdr *p = (struct elf_phdr *)(img + h->phoff + i * sizeof *p);
		if (p->type != 1 || p->memsz == 0)
			continue;
		if (p->paddr < lo || p->paddr + p->memsz > hi || p->paddr + p->memsz < p->paddr ||
		    p->filesz > p->memsz || p->offset + p->filesz > size || p->offset + p->filesz < p->offset)
			panic("%s: segment at %p (+%x) outside [%p, %p) or beyond the file", what, p->paddr,
			      p->memsz, lo, hi);
		memcpy(P2V(p->paddr), img + p->offset, p->filesz);
		memset((u8 *)P2V(p->paddr) + p->filesz, 0, p->memsz - p->filesz);
		if (p->paddr < mlo)
			mlo = p->paddr;
		if (p->paddr + p->memsz > mhi)
			mhi = p->paddr + p->memsz;
	}
	if (mhi == 0)
		panic("%s: no loadable segment", what);
	*plo = mlo & PAGE_MASK;
	*phi = align_up(mhi);
	return h->entry;
}

void boot_modules(u32 mbinfo_pa)
{
	struct mb_info *mb = P2V(mbinfo_pa);
	u32 kend = align_up(V2P(_kernel_end));
	if (kend > SIGMA0_LO)
		panic("kernel image ends at %p, above sigma0's %p", kend, SIGMA0_LO);
	/* Copy what we need out of the loader's structures first. */
	if (!(mb->flags & (1 << 6)))
		panic("no multiboot memory map");
	for (u32 off = 0; off < mb->mmap_length && nmmap < 64;) {
		struct mb_mmap *m = P2V(mb->mmap_addr + off);
		if (m->base_hi == 0) {
			u64 end = (u64)m->base_lo + m->len_lo + ((u64)m->len_hi << 32);
			mmap_copy[nmmap][0] = m->base_lo;
			mmap_copy[nmmap][1] = end > 0xfffff000ull ? 0xfffff000u : (u32)end;
			mmap_copy[nmmap][2] = m->type;
			if (m->type == 1 && m->base_lo >= 0x100000 && mmap_copy[nmmap][1] > meminfo.ram_top)
				meminfo.ram_top = mmap_copy[nmmap][1];
			nmmap++;
		}
		off += m->size + 4;
	}
	if (meminfo.ram_top > 256u << 20)
		meminfo.ram_top = 256u << 20;
	if (!(mb->flags & (1 << 3)) || mb->mods_count < 2)
		panic("need at least two boot modules (sigma0, root task); got %d",
		      (mb->flags & (1 << 3)) ? mb->mods_count : 0);
	if (mb->mods_count > MAXMODS)
		panic("too many boot modules (%d > %d)", mb->mods_count, MAXMODS);
	u32 top = ROOT_HI;
	for (u32 i = 0; i < mb->mods_count; i++) {
		struct mb_mod *m = P2V(mb->mods_addr + i * sizeof *m);
		if (m->end < m->start || m->end > meminfo.ram_top)
			panic("boot module %d at [%p, %p) is not in RAM", i, m->start, m->end);
		if (m->start < kend)
			panic("boot module %d overlaps the kernel image", i);
		mods[i].start = m->start;
		mods[i].size = m->end - m->start;
		const char *c = m->cmdline ? P2V(m->cmdline) : "";
		u32 j = 0;
		for (; c[j] && j < sizeof mods[i].cmdline - 1; j++)
			mods[i].cmdline[j] = c[j];
		mods[i].cmdline[j] = 0;
		if (align_up(m->end) > top)
			top = align_up(m->end);
	}
	nmods = mb->mods_count;

	/* Move the modules above everything the loader touched. The
	 * destination is above every source, so copying in module order
	 * never overwrites a module that is still to be copied. */
	u32 stage = top, p = stage + PAGE_SIZE; /* first page: boot info */
	for (u32 i = 0; i < nmods; i++) {
		if (p + mods[i].size > meminfo.ram_top || p + mods[i].size < p)
			panic("boot modules do not fit into RAM");
		memmove(P2V(p), P2V(mods[i].start), mods[i].size);
		mods[i].start = p;
		p = align_up(p + mods[i].size);
	}
	u32 stage_end = p;
	if (stage_end + POOL_SIZE > meminfo.ram_top)
		panic("not enough RAM for the kernel pool (RAM ends at %p, need %p)", meminfo.ram_top,
		      stage_end + POOL_SIZE);
	frames_init(stage_end, stage_end + POOL_SIZE);

	u32 s0lo, s0hi, rlo, rhi;
	u32 s0ip = load_elf("sigma0 (module 0)", P2V(mods[0].start), mods[0].size, SIGMA0_LO, ROOT_LO, &s0lo, &s0hi);
	u32 rip = load_elf("root task (module 1)", P2V(mods[1].start), mods[1].size, ROOT_LO, ROOT_HI, &rlo, &rhi);

	/* Generic boot info (spec 8.7) in the first stage page. */
	u32 *bi = P2V(stage);
	u32 nwords = 5, strings = 5 + nmods * 6;
	char *str = (char *)&bi[strings];
	bi[0] = 0x14b0021d;
	bi[1] = 1;
	bi[3] = 5 * 4;
	bi[4] = nmods;
	for (u32 i = 0; i < nmods; i++) {
		u32 *r = &bi[nwords];
		u32 len = strlen(mods[i].cmdline) + 1;
		if ((u32)(str + len - (char *)bi) > PAGE_SIZE)
			len = 1;
		memcpy(str, len > 1 ? mods[i].cmdline : "", len);
		r[0] = 1;                    /* type: module */
		r[1] = 1;                    /* version */
		r[2] = 6 * 4;                /* offset of the next record */
		r[3] = mods[i].start;
		r[4] = mods[i].size;
		r[5] = (u32)((char *)str - (char *)r); /* cmdline offset from the record */
		str += len;
		nwords += 6;
	}
	bi[2] = (u32)(str - (char *)bi);

	for (u32 i = 0; i < nmmap; i++) {
		if (mmap_copy[i][1] <= mmap_copy[i][0])
			continue;
		kip_add_memdesc(mmap_copy[i][2] == 1 ? 1 : 2, 0, 0, mmap_copy[i][0], mmap_copy[i][1] - 1);
	}
	kip_add_memdesc(2, 0, 0, V2P(_kernel_start) & PAGE_MASK, kend - 1);
	kip_add_memdesc(2, 0, 0, stage_end, stage_end + POOL_SIZE - 1);
	kip_add_memdesc(0xe, 0, 0, s0lo, s0hi - 1);
	kip_add_memdesc(0xe, 0, 0, rlo, rhi - 1);
	kip_add_memdesc(0xe, 0, 0, stage, stage + PAGE_SIZE - 1);
	for (u32 i = 0; i < nmods; i++)
		kip_add_memdesc(0xe, 1, 0, mods[i].start, align_up(mods[i].start + mods[i].size) - 1);
	kip_add_memdesc(1, 0, 1, 0, USER_TOP - 1);
	kip_set_boot(s0ip, s0lo, s0hi - 1, rip, rlo, rhi - 1, stage);
	printf("l4idl kernel: %d MiB RAM, %d modules, sigma0 %p..%p entry %p, root %p..%p entry %p\n",
	       meminfo.ram_top >> 20, nmods, s0lo, s0hi, s0ip, rlo, rhi, rip);
}
