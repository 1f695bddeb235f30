/*
 * libc.c - the string functions only the root-task runtime needs; the
 * common ones (memcpy, memset, memmove, memcmp, strlen, strcmp) are in
 * runtime/libc, shared with the hosted emulator.
 *
 * Compiled with -fno-tree-loop-distribute-patterns so that GCC does not
 * turn these loops back into calls to themselves.
 */
#include "user.h"

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
