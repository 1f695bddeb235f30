package cmap

import (
	"math/big"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/ir"
)

func TestNamesAndDecls(t *testing.T) {
	abi, _ := ir.LookupABI("ia32")
	m := New(abi)
	seq := &ir.Type{Kind: ir.Sequence, Elem: ir.Basic(ir.Octet), Len: 16}
	pt := &ir.Type{Kind: ir.Struct, Name: []string{"mod", "point_t"}, Fields: []*ir.Field{{Name: "x", Type: ir.Basic(ir.Long)}}}
	arr := &ir.Type{Kind: ir.Array, Len: 3, Elem: &ir.Type{Kind: ir.Array, Len: 2, Elem: ir.Basic(ir.Long)}}
	for _, c := range []struct{ got, want string }{
		{Flatten([]string{"mod", "iface", "op"}), "mod_iface_op"},
		{Ident("register"), "register_"},
		{m.TypeName(ir.Basic(ir.ULongLong)), "CORBA_unsigned_long_long"},
		{m.TypeName(seq), "CORBA_sequence_octet"},
		{m.Decl(arr, "m"), "CORBA_long m[3][2]"},
		{m.Decl(ir.Basic(ir.String), "s"), "CORBA_char *s"},
		{m.ParamDecl(&ir.Param{Name: "p", Dir: ir.In, Type: pt}, ClientSide), "const mod_point_t *p"},
		{m.ParamDecl(&ir.Param{Name: "a", Dir: ir.In, Type: ir.Basic(ir.Long)}, ServerSide), "const CORBA_long a"},
		{m.ParamDecl(&ir.Param{Name: "a", Dir: ir.Out, Type: ir.Basic(ir.Long)}, ClientSide), "CORBA_long *a"},
		{m.ParamDecl(&ir.Param{Name: "s", Dir: ir.Out, Type: ir.Basic(ir.String)}, ClientSide), "CORBA_char *s"},
		{m.ParamDecl(&ir.Param{Name: "b", Dir: ir.In, Type: &ir.Type{Kind: ir.Sequence, Elem: ir.Basic(ir.Char)}, Pointers: 1}, ClientSide), "const CORBA_char *b"},
		{m.ParamDecl(&ir.Param{Name: "f", Dir: ir.Out, Type: ir.Basic(ir.Fpage)}, ServerSide), "idl4_fpage_t *f"},
		{IntLit(big.NewInt(-5), nil), "(-5)"},
		{IntLit(big.NewInt(1<<40), nil), "1099511627776LL"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if _, ok := m.ReturnType(arr); ok {
		t.Error("arrays cannot be returned in C")
	}
}

func TestDeclareTypes(t *testing.T) {
	abi, _ := ir.LookupABI("amd64")
	m := New(abi)
	f := cgen.New()
	u := &ir.Type{Kind: ir.Union, Name: []string{"u_t"}, Disc: ir.Basic(ir.Short), Arms: []*ir.UnionArm{
		{Labels: []*big.Int{big.NewInt(1)}, Field: &ir.Field{Name: "i", Type: ir.Basic(ir.Long)}},
		{Default: true, Field: &ir.Field{Name: "s", Type: &ir.Type{Kind: ir.Sequence, Elem: ir.Basic(ir.Octet)}}},
	}}
	e := &ir.Type{Kind: ir.Enum, Name: []string{"m", "c_t"}, Enumerators: []*ir.Enumerator{{Name: "red"}, {Name: "blue", Value: 1}}}
	m.DeclareType(f, u)
	m.DeclareType(f, e)
	m.DeclareSeqs(f, &ir.Type{Kind: ir.Sequence, Elem: ir.Basic(ir.Octet)}) // already declared: nothing
	got := f.String()
	for _, want := range []string{
		"#ifndef _l4idl_defined_CORBA_sequence_octet",
		"CORBA_octet *_buffer;",
		"typedef struct u_t {\n    CORBA_short _d;\n    union {\n        CORBA_long i;\n        CORBA_sequence_octet s;\n    } _u;\n} u_t;",
		"typedef enum m_c_t {\n    m_red = 0,\n    m_blue = 1\n} m_c_t;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Count(got, "_l4idl_defined_CORBA_sequence_octet\n") != 2 {
		t.Errorf("sequence struct declared twice:\n%s", got)
	}
}

// TestDeclareAnonymousAggregates: "typedef union { ... } name;" and
// "typedef struct { ... } name[n];" (IDL4 and C headers write them)
// declare the body in place; the type used to come out as L4_Word_t,
// which stubs then overran with the aggregate's memory image.
func TestDeclareAnonymousAggregates(t *testing.T) {
	abi, _ := ir.LookupABI("ia32")
	m := New(abi)
	f := cgen.New()
	cu := &ir.Type{Kind: ir.Union, Arms: []*ir.UnionArm{
		{Field: &ir.Field{Name: "a", Type: ir.Basic(ir.Long)}},
		{Field: &ir.Field{Name: "b", Type: &ir.Type{Kind: ir.Array, Len: 6, Elem: ir.Basic(ir.Char)}}},
	}}
	st := &ir.Type{Kind: ir.Struct, Fields: []*ir.Field{
		{Name: "x", Type: ir.Basic(ir.Short)},
		{Name: "s", Type: &ir.Type{Kind: ir.Sequence, Elem: ir.Basic(ir.Octet), Len: 4}},
	}}
	m.DeclareType(f, &ir.Type{Kind: ir.Alias, Name: []string{"m", "raw_t"}, Elem: cu})
	m.DeclareType(f, &ir.Type{Kind: ir.Alias, Name: []string{"pair_t"}, Elem: &ir.Type{Kind: ir.Array, Len: 2, Elem: st}})
	got := f.String()
	for _, want := range []string{
		"typedef union {\n    CORBA_long a;\n    CORBA_char b[6];\n} m_raw_t;",
		"#ifndef _l4idl_defined_CORBA_sequence_octet",
		"typedef struct {\n    CORBA_short x;\n    CORBA_sequence_octet s;\n} pair_t[2];",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "L4_Word_t") {
		t.Errorf("anonymous aggregate declared as a word:\n%s", got)
	}
}
