/*
 * boot.S - multiboot v1 entry. The loader jumps to _start (physical, paging
 * off) with EAX = 0x2BADB002 and EBX = physical address of the multiboot
 * info. We map physical 0..256 MiB at KERNEL_BASE with 4 MiB pages (plus a
 * temporary identity map of the first 4 MiB for the jump), enable paging
 * and call kmain(magic, info) on the boot stack.
 */
#define KERNEL_BASE 0xC0000000
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, want memory map */

	.section .multiboot, "a"
	.p2align 2
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.text
	.globl	_start
_start:
	cli
	movl	%eax, %esi
	movl	%ebx, %edi
	/* Fill kernel_pd (physical address: symbol - KERNEL_BASE). */
	movl	$(kernel_pd_store - KERNEL_BASE), %edx
	movl	$0x83, (%edx)			/* PDE 0: identity 0..4 MiB, PS|W|P */
	movl	$0, %ecx
1:	movl	%ecx, %eax
	shll	$22, %eax
	orl	$0x83, %eax
	movl	%eax, (768*4)(%edx,%ecx,4)
	incl	%ecx
	cmpl	$64, %ecx
	jne	1b
	movl	%cr4, %eax
	orl	$0x10, %eax			/* PSE */
	movl	%eax, %cr4
	movl	%edx, %cr3
	movl	%cr0, %eax
	orl	$0x80000000, %eax		/* PG (WP stays clear: kernel writes R/O user pages) */
	movl	%eax, %cr0
	lea	2f, %eax
	jmp	*%eax
2:	movl	$boot_stack_top, %esp
	pushl	$0
	popfl
	pushl	%edi
	pushl	%esi
	call	kmain
3:	hlt
	jmp	3b

	.section .bss.pagealigned, "aw", @nobits
	.p2align 12
	.globl	kernel_pd_store
kernel_pd_store:
	.skip	4096
	.globl	boot_stack
boot_stack:
	.skip	16384
boot_stack_top:
