// Package cmap is the CORBA C language mapping shared by l4idl's C
// backends (gcc-x86 today, arm later): the C spelling of every IDL type,
// the names of generated functions, the declarations of a program's
// named types and constants, and how parameters are passed. It follows
// the CORBA C mapping as IDL4 uses it on L4 (CORBA_long, CORBA_Object as
// the server's thread id, idl4_fpage_t for flexpages, scoped names joined
// with '_'), with one deliberate departure: l4idl's stubs never allocate
// memory behind the caller's back for out parameters (see Param).
package cmap

import "strings"

// Flatten joins a scoped IDL name with '_' (mod::iface::op -> mod_iface_op),
// as the CORBA C mapping does.
func Flatten(name []string) string {
	parts := make([]string, len(name))
	for i, n := range name {
		parts[i] = Ident(n)
	}
	return strings.Join(parts, "_")
}

// Ident returns an IDL identifier as a C identifier: names that are C
// keywords (or the names of C99/GNU C keywords and the few macros the
// generated code relies on) get a trailing '_'.
func Ident(name string) string {
	if cKeywords[name] {
		return name + "_"
	}
	return name
}

var cKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`auto break case char const continue default do double
		else enum extern float for goto if inline int long register restrict return short
		signed sizeof static struct switch typedef union unsigned void volatile while
		_Bool _Complex _Imaginary asm typeof __asm__ __typeof__ __inline__ __attribute__
		bool true false NULL`) {
		cKeywords[k] = true
	}
}
