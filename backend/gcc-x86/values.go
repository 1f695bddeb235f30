package gccx86

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// A root is what the first component of a value path ("a" in "a.b.c",
// "return", an exception's name) stands for in the C code being
// generated: an lvalue of the value's type, or for a DCE buffer the
// pointer to its elements.
type root struct {
	expr string
	typ  *ir.Type
	// dce marks a DCE sized pointer: expr is the element pointer and
	// the count is another value.
	dce bool
	// param is the parameter the root stands for (nil for return values
	// and exception members).
	param *ir.Param
	// direct marks a caller- or server-provided buffer for the value's
	// variable data (out strings, sequences, DCE buffers): data is
	// received straight into it.
	direct bool
}

// scope resolves value paths for one message on one side.
type scope struct {
	roots map[string]*root
}

func newScope() *scope { return &scope{roots: map[string]*root{}} }

func (s *scope) add(name string, r *root) { s.roots[name] = r }

// ref is a resolved value path.
type ref struct {
	expr string
	typ  *ir.Type
	dce  bool
	root *root
	// top is set when the path is the root itself.
	top bool
}

var arrowRE = regexp.MustCompile(`^\(\*([A-Za-z_][A-Za-z0-9_]*)\)\.`)

// pretty turns "(*p).x" into "p->x".
func pretty(expr string) string { return arrowRE.ReplaceAllString(expr, "$1->") }

// resolve returns the C lvalue and type of a value path.
func (s *scope) resolve(path string) (ref, error) {
	name, rest := splitRoot(path)
	r, ok := s.roots[name]
	if !ok {
		return ref{}, fmt.Errorf("no value %q in scope", name)
	}
	out := ref{expr: r.expr, typ: r.typ, dce: r.dce, root: r, top: rest == ""}
	for rest != "" {
		u := out.typ.Underlying()
		if u == nil {
			return ref{}, fmt.Errorf("cannot resolve %q", path)
		}
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			if end < 0 || u.Kind != ir.Array {
				return ref{}, fmt.Errorf("cannot index %q", path)
			}
			out.expr = out.expr + rest[:end+1]
			out.typ = u.Elem
			out.dce = false
			rest = rest[end+1:]
			continue
		}
		if rest[0] != '.' {
			return ref{}, fmt.Errorf("malformed path %q", path)
		}
		rest = rest[1:]
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		member := rest[:end]
		rest = rest[end:]
		switch u.Kind {
		case ir.Struct:
			var fl *ir.Field
			for _, f := range u.Fields {
				if f != nil && f.Name == member {
					fl = f
				}
			}
			if fl == nil {
				return ref{}, fmt.Errorf("no member %q in %s", member, out.typ)
			}
			out.expr = out.expr + "." + cmap.Ident(member)
			out.typ = fl.Type
			out.dce = fl.Size != nil && cmap.ClassOf(fl.Type) == cmap.SeqValue && len(fl.Type.Name) == 0
		case ir.Union:
			var fl *ir.Field
			for _, a := range u.Arms {
				if a != nil && a.Field != nil && a.Field.Name == member {
					fl = a.Field
				}
			}
			if fl == nil {
				return ref{}, fmt.Errorf("no arm %q in %s", member, out.typ)
			}
			if u.Disc == nil {
				out.expr = out.expr + "." + cmap.Ident(member)
			} else {
				out.expr = out.expr + "." + cmap.ArmsMember(u) + "." + cmap.Ident(member)
			}
			out.typ = fl.Type
			out.dce = false
		default:
			return ref{}, fmt.Errorf("cannot select %q in %q", member, path)
		}
	}
	out.expr = pretty(out.expr)
	return out, nil
}

// splitRoot splits "a.b[1].c" into "a" and ".b[1].c".
func splitRoot(path string) (string, string) {
	i := strings.IndexAny(path, ".[")
	if i < 0 {
		return path, ""
	}
	return path[:i], path[i:]
}

// parentPaths returns the proper prefixes of a path at component
// boundaries, shortest first ("a.b.c" -> "a", "a.b").
func parentPaths(path string) []string {
	var out []string
	for i := 1; i < len(path); i++ {
		if path[i] == '.' || path[i] == '[' {
			out = append(out, path[:i])
		}
	}
	return out
}

// discExpr returns the discriminator member of a union lvalue.
func discExpr(union ref) string {
	return union.expr + "." + cmap.DiscMember(union.typ.Underlying())
}

// wordConv converts C values to message words and back for one ABI.
type wordConv struct {
	wordBits int
	m        *cmap.Mapper
}

// parts returns the word-sized pieces (low first) of a scalar value as
// C expressions of type L4_Word_t, zero-extended from the value's width.
func (c *wordConv) parts(expr string, t *ir.Type) []string {
	u := t.Underlying()
	w := func(e string) string { return "(L4_Word_t)" + e }
	switch u.Kind {
	case ir.Boolean, ir.Char, ir.Octet, ir.Int8:
		return []string{w("(CORBA_octet)(" + expr + ")")}
	case ir.Short, ir.UShort:
		return []string{w("(CORBA_unsigned_short)(" + expr + ")")}
	case ir.Long, ir.ULong, ir.Enum, ir.WChar:
		return []string{w("(CORBA_unsigned_long)(" + expr + ")")}
	case ir.Float:
		return []string{w("l4idl_f2u(" + expr + ")")}
	case ir.Double:
		return c.split64("l4idl_d2u(" + expr + ")")
	case ir.LongLong, ir.ULongLong:
		return c.split64("(CORBA_unsigned_long_long)(" + expr + ")")
	case ir.Word, ir.SignedWord:
		return []string{w("(" + expr + ")")}
	case ir.ThreadID, ir.ObjRef:
		return []string{"(" + expr + ").raw"}
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			return []string{"(" + expr + ").raw"}
		}
		return []string{"(" + expr + ").fpage"}
	}
	return []string{w("(" + expr + ")")}
}

func (c *wordConv) split64(e string) []string {
	if c.wordBits == 64 {
		return []string{"(L4_Word_t)" + e}
	}
	return []string{"(L4_Word_t)" + e, "(L4_Word_t)(" + e + " >> 32)"}
}

// valueW returns the C expression of a scalar of type t read from the
// words ws (low first), starting at bit of the first word, for a slot of
// width bits (0: the type's width); a field narrower than its type
// (page-fault rights in the label) is masked.
func (c *wordConv) valueW(ws []string, bit, width int, t *ir.Type) string {
	u := t.Underlying()
	first := ws[0]
	if bit > 0 {
		first = "(" + first + " >> " + strconv.Itoa(bit) + ")"
	}
	if tb := t.Bits(&ir.ABI{WordBits: c.wordBits, LongDoubleSize: 16}); width > 0 && width < tb && width < c.wordBits {
		first = fmt.Sprintf("(%s & 0x%X)", first, uint64(1)<<uint(width)-1)
	}
	tn := c.m.TypeName(t)
	cast := func(e string) string { return "(" + tn + ")" + e }
	switch u.Kind {
	case ir.Boolean, ir.Char, ir.Octet, ir.Int8, ir.Short, ir.UShort, ir.Long, ir.ULong, ir.WChar:
		return cast(first)
	case ir.Enum:
		return cast("(CORBA_unsigned_long)" + first)
	case ir.Float:
		return "l4idl_u2f((CORBA_unsigned_long)" + first + ")"
	case ir.Double:
		return "l4idl_u2d(" + c.join64(ws) + ")"
	case ir.LongLong, ir.ULongLong:
		return cast(c.join64(ws))
	case ir.Word, ir.SignedWord:
		return cast(first)
	case ir.ThreadID, ir.ObjRef:
		return "l4idl_tid(" + first + ")"
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			return "l4idl_l4fpage(" + first + ")"
		}
		return "l4idl_rawfpage(" + first + ")"
	}
	return cast(first)
}

func (c *wordConv) join64(ws []string) string {
	if c.wordBits == 64 || len(ws) < 2 {
		return "(CORBA_unsigned_long_long)" + ws[0]
	}
	return "((CORBA_unsigned_long_long)" + ws[1] + " << 32 | " + ws[0] + ")"
}

// isImageScalar reports scalars that travel as a memory image rather
// than a value (long double: 12 or 16 bytes).
func isImageScalar(t *ir.Type) bool {
	u := t.Underlying()
	return u != nil && u.Kind == ir.LongDouble
}

// hexWord formats a word constant.
func hexWord(v uint64, wordBits int) string {
	s := "0x" + strings.ToUpper(strconv.FormatUint(v, 16))
	if wordBits == 64 {
		return s + "UL"
	}
	return s + "U"
}

// caseLabels returns the C case labels of a union arm.
func caseLabels(a *ir.UnionArm, disc *ir.Type) []string {
	if a.Default {
		return []string{"default:"}
	}
	var out []string
	for _, l := range a.Labels {
		out = append(out, "case "+cmap.IntLit(l, disc)+":")
	}
	return out
}
