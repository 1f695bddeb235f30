/*
 * kip.c - KIP contents (spec 8), KernelInterface (9.2, 10.11), UTCB
 * contents (6.1), SystemClock (4.4, 10.10).
 */
#include "suite.h"

static int kip_magic(char *why)
{
	L4_Word_t ver, flags, id;
	void *kip = L4_KernelInterface(&ver, &flags, &id);

	EXPECT(kip == (void *)u_kip, "KernelInterface moved: %p then %p", (void *)u_kip, kip);
	EXPECT_EQ(u_kip->magic, 0x4BE6344CUL);
	EXPECT_EQ(((L4_Word_t)kip & 0xFFF), 0);
	return 1;
}

static int kip_version_regs(char *why)
{
	L4_Word_t ver, flags, id;

	(void)L4_KernelInterface(&ver, &flags, &id);
	EXPECT_EQ(ver, u_kip->ApiVersion);
	EXPECT_EQ(ver >> 24, 0x84);
	EXPECT_EQ(flags, u_kip->ApiFlags);
	EXPECT_EQ(flags & 0xF, 0);      /* little endian, 32-bit */
	const L4_Word_t *kd = (const L4_Word_t *)((char *)u_kip + u_kip->KernelVerPtr);
	EXPECT(u_kip->KernelVerPtr >= 0x120 && u_kip->KernelVerPtr < 4096,
	       "kernel descriptor offset %#lx outside the KIP page", u_kip->KernelVerPtr);
	EXPECT_EQ(id, kd[0]);
	EXPECT_EQ(id & 0xFFFF, 0);
	return 1;
}

static int kip_kernel_desc(char *why)
{
	const char *s = L4_KernelVersionString(u_kip);
	L4_Word_t sup = L4_KernelSupplier(u_kip);

	for (int i = 0; i < 4; i++) {
		char c = (char)(sup >> (8 * i));
		EXPECT(c >= 0x20 && c < 0x7F, "supplier byte %d = %#x is not printable", i, c);
	}
	EXPECT(s >= (char *)u_kip && s < (char *)u_kip + 4096, "version string outside the KIP");
	int len = 0;
	while (s[len] && len < 256)
		len++;
	EXPECT(len > 0 && len < 256, "version string length %d", len);
	/* feature strings end with an empty one inside the page */
	int n = 0;
	while (L4_Feature(u_kip, (L4_Word_t)n) && n < 64)
		n++;
	EXPECT(n < 64, "feature list not terminated");
	return 1;
}

static int kip_syscall_links(char *why)
{
	const L4_Word_t *l = &u_kip->SpaceControl;

	for (int i = 0; i < 11; i++)
		EXPECT(l[i] >= 0x120 && l[i] < 4096,
		       "system-call link %d = %#lx is no offset inside the KIP page", 52 + i, l[i]);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(u_kip->ArchSyscall[i], 0);
	return 1;
}

static int kip_thread_info(char *why)
{
	L4_Word_t sys = L4_ThreadIdSystemBase(u_kip), user = L4_ThreadIdUserBase(u_kip);

	EXPECT(L4_ThreadIdBits(u_kip) >= 14 && L4_ThreadIdBits(u_kip) <= 18,
	       "ThreadInfo.t = %lu", L4_ThreadIdBits(u_kip));
	EXPECT(sys >= 16 && user > sys, "SystemBase %lu, UserBase %lu", sys, user);
	EXPECT_EQ(u_sigma0.raw, L4_GlobalId(user, 1).raw);
	EXPECT_EQ(u_root.raw, L4_GlobalId(user + 2, 1).raw);
	return 1;
}

static int kip_utcb_kip_area(char *why)
{
	EXPECT_EQ(L4_UtcbSize(u_kip), 512);
	EXPECT_EQ(L4_UtcbAlignmentLog2(u_kip), 9);
	EXPECT(L4_UtcbAreaSizeLog2(u_kip) >= 9 && L4_UtcbAreaSizeLog2(u_kip) <= 20,
	       "UtcbAreaInfo.s = %lu", L4_UtcbAreaSizeLog2(u_kip));
	EXPECT_EQ(L4_KipAreaSizeLog2(u_kip), 12);
	EXPECT(L4_PageSizeMask(u_kip) & (1UL << 12), "4 KiB pages not in PageInfo %#lx", u_kip->PageInfo);
	EXPECT(L4_PageRights(u_kip) & 6, "PageInfo rights %#lx without rw", L4_PageRights(u_kip));
	return 1;
}

static int kip_processors(char *why)
{
	EXPECT_EQ(L4_NumProcessors(u_kip), 1);
	L4_ProcDesc_t *p = L4_ProcDesc(u_kip, 0);
	EXPECT(p != 0, "no processor descriptor");
	EXPECT((char *)p >= (char *)u_kip + 0x120 && (char *)p < (char *)u_kip + 4096,
	       "processor descriptor at %p outside the KIP", (void *)p);
	EXPECT(L4_ProcDescInternalFreq(p) > 0, "internal frequency 0 kHz");
	return 1;
}

static int kip_memory_descs(char *why)
{
	L4_Word_t n = L4_NumMemoryDescriptors(u_kip);
	int conv = 0, image = 0;

	EXPECT(n >= 1 && n < 200, "%lu memory descriptors", n);
	for (L4_Word_t i = 0; i < n; i++) {
		L4_MemoryDesc_t *m = L4_MemoryDesc(u_kip, i);
		EXPECT((char *)(m + 1) <= (char *)u_kip + 4096, "descriptor %lu outside the KIP", i);
		EXPECT(L4_MemoryDescHigh(m) > L4_MemoryDescLow(m), "descriptor %lu: high %#lx <= low %#lx",
		       i, L4_MemoryDescHigh(m), L4_MemoryDescLow(m));
		if (L4_MemoryDescType(m) == L4_ConventionalMemoryType && !L4_IsMemoryDescVirtual(m)) {
			conv++;
			/* 128 MiB of RAM: some conventional memory above 1 MiB */
			if (L4_MemoryDescHigh(m) > 0x100000)
				image = 1;
		}
	}
	EXPECT(conv > 0 && image, "no physical conventional memory above 1 MiB (%d conventional)", conv);
	return 1;
}

static int kip_root_server(char *why)
{
	extern char _start[];

	EXPECT_EQ(u_kip->rootserver.ip, (L4_Word_t)_start);
	EXPECT(u_kip->rootserver.low <= 0x00800000UL && u_kip->rootserver.high >= u_image_start,
	       "root server range [%#lx, %#lx] does not hold the image", u_kip->rootserver.low,
	       u_kip->rootserver.high);
	EXPECT(u_kip->sigma0.ip >= 0x00400000UL && u_kip->sigma0.ip < 0x00800000UL,
	       "sigma0 IP %#lx", u_kip->sigma0.ip);
	return 1;
}

static int utcb_ids(char *why)
{
	L4_Word_t p;

	__asm__ __volatile__("movl %%gs:0, %0" : "=r"(p));
	EXPECT_EQ(L4_MyLocalId().raw, p);
	EXPECT_EQ(p & 511, 256);
	EXPECT_EQ(p & 63, 0);           /* a local ID (spec 1.2) */
	EXPECT_EQ(L4_MyGlobalId().raw, *(L4_Word_t *)(p - 60));
	EXPECT_EQ(L4_MyGlobalId().raw, u_root.raw);
	EXPECT_EQ(L4_ProcessorNo(), 0);
	EXPECT_EQ(L4_Pager().raw, u_sigma0.raw);
	return 1;
}

static volatile L4_Word_t seen_local, seen_global, seen_handle;

static void report_ids(L4_Word_t arg)
{
	(void)arg;
	seen_local = L4_MyLocalId().raw;
	seen_global = L4_MyGlobalId().raw;
	seen_handle = 1;
}

static int utcb_new_thread(char *why)
{
	seen_handle = 0;
	L4_ThreadId_t t = u_spawn(report_ids, 0);
	for (int i = 0; i < 500 && !seen_handle; i++)
		u_sleep_us(1000);
	EXPECT(seen_handle, "thread did not run");
	EXPECT_EQ(seen_global, t.raw);
	EXPECT_EQ(seen_local, u_utcb_of(t) + 256);
	return 1;
}

static int utcb_new_space(char *why)
{
	seen_handle = 0;
	L4_ThreadId_t t = u_spawn_space(report_ids, 0);
	for (int i = 0; i < 500 && !seen_handle; i++)
		u_sleep_us(1000);
	EXPECT(seen_handle, "thread in a new space did not run");
	EXPECT_EQ(seen_global, t.raw);
	EXPECT_EQ(seen_local, u_utcb_of(t) + 256);
	return 1;
}

static int clock_monotonic(char *why)
{
	unsigned long long prev = now_us();

	for (int i = 0; i < 2000; i++) {
		unsigned long long c = now_us();
		EXPECT(c >= prev, "SystemClock went back from %llu to %llu", prev, c);
		prev = c;
	}
	return 1;
}

static int clock_advances(char *why)
{
	unsigned long long a = now_us();
	u_sleep_us(20000);
	unsigned long long b = now_us();

	EXPECT(b - a >= 20000 && b - a < 5000000, "20 ms sleep took %llu us of SystemClock", b - a);
	return 1;
}

const struct tcase kip_cases[] = {
	{ "kip: magic and address from KernelInterface", kip_magic },
	{ "kip: KernelInterface returns ApiVersion/ApiFlags/KernelId", kip_version_regs },
	{ "kip: kernel descriptor, version string, feature list", kip_kernel_desc },
	{ "kip: system-call links are offsets inside the KIP", kip_syscall_links },
	{ "kip: ThreadInfo, sigma0 and root task ids", kip_thread_info },
	{ "kip: UtcbAreaInfo, KipAreaInfo, PageInfo", kip_utcb_kip_area },
	{ "kip: one processor with a descriptor", kip_processors },
	{ "kip: memory descriptors", kip_memory_descs },
	{ "kip: root server and sigma0 entries", kip_root_server },
	{ "utcb: local id, global id, pager, processor", utcb_ids },
	{ "utcb: thread in root space sees its ids", utcb_new_thread },
	{ "utcb: thread in new space sees its ids", utcb_new_space },
	{ "clock: SystemClock monotonic", clock_monotonic },
	{ "clock: SystemClock advances across a sleep", clock_advances },
	{ 0, 0 },
};
