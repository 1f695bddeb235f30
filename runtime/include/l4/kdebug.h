/*
 * l4/kdebug.h - the kernel debugger interface (spec section 9.6).
 *
 * Part of l4idl's runtime; names follow L4Ka::Pistachio's <l4/kdebug.h>.
 * On x86 a debugger call is `int 3' followed by a marker instruction that
 * the kernel decodes and then executes harmlessly:
 *   jmp 2f; mov $string, %eax   enter the debugger with a message
 *   cmpb $op, %al               operation op, argument/result in EAX/RAX:
 *                               0x00 PrintChar(AL), 0x01 PrintString(EAX),
 *                               0x02 ClearPage, 0x03 ToggleBreakin,
 *                               0x08 ReadChar (non-blocking) -> AL,
 *                               0x0d ReadChar (blocking) -> AL
 * EAX/RAX is treated as destroyed by every call.
 */
#ifndef __L4__KDEBUG_H__
#define __L4__KDEBUG_H__

#include <l4/types.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

#if !defined(__i386__) && !defined(__x86_64__)
#error "l4idl runtime: <l4/kdebug.h> supports ia32 and amd64"
#endif

/*
 * Enter the kernel debugger with the message str, which must be a string
 * literal without newlines or double quotes (it is placed in .rodata by
 * the assembler).  The marker is spelled out in bytes, `jmp .+7' (EB 05)
 * then `mov $imm32, %eax' (B8 imm32), so that no assembler picks another
 * encoding; on amd64 the string must therefore lie below 4 GB, as it does
 * in statically linked, non-PIE L4 programs.
 */
#define L4_KDB_Enter(str)                                                   \
    __asm__ __volatile__("int $3\n\t"                                       \
                         ".byte 0xeb, 0x05 /* jmp .+7 */\n\t"               \
                         ".byte 0xb8 /* mov $imm32, %%eax */\n\t"           \
                         ".long 1f\n\t"                                     \
                         ".pushsection .rodata\n"                           \
                         "1: .asciz \"" str "\"\n\t"                        \
                         ".popsection"                                      \
                         : : : "eax", "memory", "cc")

/* One debugger operation with argument arg; returns EAX/RAX after it. */
#define __L4_KDB_OP(op, arg, result)                                        \
    __asm__ __volatile__("int $3\n\t"                                       \
                         "cmpb $" op ", %%al"                               \
                         : "=a"(result)                                     \
                         : "0"(arg)                                         \
                         : "memory", "cc")

L4_INLINE void L4_KDB_PrintChar(char c)
{
    L4_Word_t r;
    __L4_KDB_OP("0x00", (L4_Word_t)(unsigned char)c, r);
    (void)r;
}

L4_INLINE void L4_KDB_PrintString(const char *s)
{
    L4_Word_t r;
    __L4_KDB_OP("0x01", (L4_Word_t)s, r);
    (void)r;
}

L4_INLINE void L4_KDB_ClearPage(void)
{
    L4_Word_t r;
    __L4_KDB_OP("0x02", (L4_Word_t)0, r);
    (void)r;
}

L4_INLINE void L4_KDB_ToggleBreakin(void)
{
    L4_Word_t r;
    __L4_KDB_OP("0x03", (L4_Word_t)0, r);
    (void)r;
}

/* A character from the debug console, or an undefined value if none. */
L4_INLINE char L4_KDB_ReadChar(void)
{
    L4_Word_t r;
    __L4_KDB_OP("0x08", (L4_Word_t)0, r);
    return (char)r;
}

/* A character from the debug console, waiting for one. */
L4_INLINE char L4_KDB_ReadChar_Blocked(void)
{
    L4_Word_t r;
    __L4_KDB_OP("0x0d", (L4_Word_t)0, r);
    return (char)r;
}

#endif /* !__L4IDL__ */

#endif /* !__L4__KDEBUG_H__ */
