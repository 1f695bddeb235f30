package portable

import (
	"fmt"
	"strings"

	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// root is what the first component of a value path ("a" in "a.b[2]",
// "return", an exception's name) stands for in the generated C: an
// lvalue of the value's type, or for a DCE buffer its element pointer.
type root struct {
	expr  string
	typ   *ir.Type
	dce   bool
	param *ir.Param
	// direct marks a caller's out parameter whose variable data is
	// received straight into the caller's buffer (client side).
	direct bool
}

// scope maps root names to what they stand for.
type scope map[string]*root

// ref is a resolved value path: its C lvalue, its type, and the union
// arms the path passes through (the value is valid only when each is
// selected).
type ref struct {
	expr string
	typ  *ir.Type
	dce  bool
	root *root
	top  bool
	arms []armCond
}

// armCond is one union arm on a value's path: the C expression of the
// union's discriminator and the arm.
type armCond struct {
	disc string
	u    *ir.Type
	arm  *ir.UnionArm
}

// resolve returns the C lvalue, type and arm conditions of a value path.
func (s scope) resolve(path string) (ref, error) {
	i := strings.IndexAny(path, ".[")
	name, rest := path, ""
	if i >= 0 {
		name, rest = path[:i], path[i:]
	}
	r, ok := s[name]
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
			out.expr += rest[:end+1]
			out.typ, out.dce = u.Elem, false
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
			out.expr += "." + cmap.Ident(member)
			out.typ = fl.Type
			out.dce = fl.Size != nil && cmap.ClassOf(fl.Type) == cmap.SeqValue && len(fl.Type.Name) == 0
		case ir.Union:
			var arm *ir.UnionArm
			for _, a := range u.Arms {
				if a != nil && a.Field != nil && a.Field.Name == member {
					arm = a
				}
			}
			if arm == nil {
				return ref{}, fmt.Errorf("no arm %q in %s", member, out.typ)
			}
			if u.Disc == nil {
				out.expr += "." + cmap.Ident(member)
			} else {
				out.arms = append(out.arms, armCond{disc: out.expr + "." + cmap.DiscMember(u), u: u, arm: arm})
				out.expr += "." + cmap.ArmsMember(u) + "." + cmap.Ident(member)
			}
			out.typ, out.dce = arm.Field.Type, false
		default:
			return ref{}, fmt.Errorf("cannot select %q in %q", member, path)
		}
	}
	return out, nil
}

// cond returns the C condition that every arm of a path is selected
// ("" when the path is not inside a union).
func (r ref) cond() string {
	var cs []string
	for _, a := range r.arms {
		cs = append(cs, a.test())
	}
	return strings.Join(cs, " && ")
}

// test returns the C condition that the union's discriminator selects
// the arm.
func (a armCond) test() string {
	eq := func(arm *ir.UnionArm) []string {
		var out []string
		for _, l := range arm.Labels {
			out = append(out, fmt.Sprintf("%s == %s", a.disc, cmap.IntLit(l, a.u.Disc)))
		}
		return out
	}
	if !a.arm.Default {
		ls := eq(a.arm)
		if len(ls) == 1 {
			return ls[0] // no parentheses: clang warns about them
		}
		return "(" + strings.Join(ls, " || ") + ")"
	}
	var others []string
	for _, o := range a.u.Arms {
		if o != nil && o != a.arm {
			others = append(others, eq(o)...)
		}
	}
	if len(others) == 0 {
		return "1"
	}
	return "!(" + strings.Join(others, " || ") + ")"
}

// addrOf returns the address of a value (an array is its address).
func addrOf(r ref) string {
	if u := r.typ.Underlying(); u != nil && u.Kind == ir.Array {
		return r.expr
	}
	return "&" + r.expr
}

// discOf returns the discriminator member of a union lvalue.
func discOf(r ref) string {
	return r.expr + "." + cmap.DiscMember(r.typ.Underlying())
}
