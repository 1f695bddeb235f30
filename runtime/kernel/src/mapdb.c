/*
 * mapdb.c - the mapping database: which mapping was derived from which,
 * so that Unmap can revoke recursively (spec 10.7, 11.2).
 *
 * Every present, non-kernel user PTE has exactly one node; a node's
 * children are the mappings made from it by map (grant moves the node).
 * sigma0's mappings are the roots: sigma0's space is the identity map of
 * physical memory, filled on demand (sigma0_map_on_demand).
 * Revoking read access (or flushing) removes a node's whole subtree;
 * revoking write access only clears PTE_W in the subtree.
 */
#include "kernel.h"

#define NNODES 65536
static struct mapnode *nodes, *free_nodes;

void mapdb_init(void)
{
	nodes = boot_alloc(NNODES * sizeof(struct mapnode));
	for (int i = NNODES - 1; i >= 0; i--) {
		nodes[i].next = free_nodes;
		free_nodes = &nodes[i];
	}
}

static struct mapnode *node_alloc(void)
{
	struct mapnode *n = free_nodes;
	if (n) {
		free_nodes = n->next;
		memset(n, 0, sizeof *n);
	}
	return n;
}

static struct mapnode **node_slot(struct space *s, u32 va)
{
	struct mapnode **tab = s->node[va >> 22];
	return tab ? &tab[(va >> 12) & 1023] : NULL;
}

static void link_child(struct mapnode *parent, struct mapnode *n)
{
	n->parent = parent;
	n->prev = NULL;
	n->next = parent ? parent->child : NULL;
	if (n->next)
		n->next->prev = n;
	if (parent)
		parent->child = n;
}

static void unlink_node(struct mapnode *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->prev = n->next = NULL;
	n->parent = NULL;
}

static void tlb_flush_page(struct space *s, u32 va)
{
	if (s == current_space)
		invlpg(va);
}

int sigma0_map_on_demand(struct space *s, u32 va)
{
	u32 pa = va & PAGE_MASK;
	if (pa >= meminfo.ram_top && !(pa >= 0xa0000 && pa < 0x100000))
		return -1;
	if (phys_is_kernel(pa) || pa >= USER_TOP)
		return -1;
	u32 *pte = pte_lookup(s, pa, 1);
	if (!pte)
		return -1;
	if (*pte & PTE_P)
		return 0;
	struct mapnode *n = node_alloc();
	if (!n)
		return -1;
	n->space = s;
	n->va = pa;
	*node_slot(s, pa) = n;
	*pte = pa | PTE_P | PTE_W | PTE_U;
	tlb_flush_page(s, pa);
	return 0;
}

/* Revoke from n's subtree; all: remove the mappings, else only write
 * access. self: n itself too. Returns the r/w status bits collected. */
static u32 revoke(struct mapnode *n, int all, int self)
{
	u32 status = 0;
	for (struct mapnode *c = n->child, *next; c; c = next) {
		next = c->next;
		status |= revoke(c, all, 1);
	}
	u32 *pte = pte_lookup(n->space, n->va, 0);
	if (pte) {
		status |= ((*pte & 0x20) ? 4 : 0) | ((*pte & 0x40) ? 2 : 0);
		*pte &= ~0x60u;
	}
	if (!self)
		return status;
	if (all) {
		if (pte)
			*pte = 0;
		*node_slot(n->space, n->va) = NULL;
		unlink_node(n);
		n->next = free_nodes;
		free_nodes = n;
	} else if (pte) {
		*pte &= ~PTE_W;
	}
	tlb_flush_page(n->space, n->va);
	return status;
}

u32 mapdb_unmap(struct space *s, u32 va, u32 rights, int self)
{
	struct mapnode **slot = node_slot(s, va);
	if (!slot || !*slot)
		return 0;
	struct mapnode *n = *slot;
	if (rights & 4)
		return revoke(n, 1, self);
	if (rights & 2)
		return revoke(n, 0, self);
	return revoke(n, 0, 0); /* status query only (also clears it) */
}

int mapdb_map(struct space *src, u32 sva, struct space *dst, u32 dva, u32 wr, int grant)
{
	u32 *spte = pte_lookup(src, sva, 0);
	if (src->sigma0 && (!spte || !(*spte & PTE_P))) {
		if (sigma0_map_on_demand(src, sva))
			return 0; /* no such frame: a hole */
		spte = pte_lookup(src, sva, 0);
	}
	if (!spte || !(*spte & PTE_P) || (*spte & PTE_KERNEL))
		return 0;
	struct mapnode *sn = *node_slot(src, sva);
	if (!sn)
		return 0;
	if (dst->utcb_size && dva >= dst->utcb_area && dva < dst->utcb_area + dst->utcb_size)
		return 0; /* never map into the UTCB area */
	u32 *dpte = pte_lookup(dst, dva, 1);
	if (!dpte)
		return -1;
	if (*dpte & PTE_KERNEL)
		return 0;
	if (src == dst && sva == dva)
		return 0;
	if (*dpte & PTE_P) {
		struct mapnode *old = *node_slot(dst, dva);
		if (old == sn)
			return 0;
		/* An existing mapping that is the source's ancestor cannot be
		 * replaced without destroying the source: keep it. */
		for (struct mapnode *a = sn->parent; a; a = a->parent)
			if (a == old)
				return 0;
		if (old)
			revoke(old, 1, 1);
		*dpte = 0;
	}
	u32 frame = *spte & PAGE_MASK;
	u32 w = (wr && (*spte & PTE_W)) ? PTE_W : 0;
	if (grant && !src->sigma0) {
		*spte = 0;
		*node_slot(src, sva) = NULL;
		tlb_flush_page(src, sva);
		sn->space = dst;
		sn->va = dva;
		*node_slot(dst, dva) = sn;
		if (!w)
			revoke(sn, 0, 0);
	} else {
		struct mapnode *n = node_alloc();
		if (!n)
			return -1;
		n->space = dst;
		n->va = dva;
		link_child(sn, n);
		*node_slot(dst, dva) = n;
	}
	*dpte = frame | PTE_P | PTE_U | w;
	tlb_flush_page(dst, dva);
	return 0;
}

void mapdb_remove_space(struct space *s)
{
	for (int i = 0; i < 768; i++) {
		if (!s->node[i])
			continue;
		for (int j = 0; j < 1024; j++)
			if (s->node[i][j])
				revoke(s->node[i][j], 1, 1);
	}
}
