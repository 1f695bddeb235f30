package e2egen

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/backend/cmap"
	"github.com/l4idl/l4idl/ir"
)

// Values. Every value of a case is a function of a 64-bit seed: a scalar
// is derived from its seed directly, a struct member i from
// e2e_h(seed, i+1), an array or sequence element i from e2e_h(seed,
// i+1); the length of variable data comes from the case's mode
// (e2e_len). fill prints C that stores the value into an lvalue, check C
// that compares an lvalue with it; both sides of a call print them from
// the same IR type, so they agree by construction and the only way for a
// check to fail is for the value to change on its way.

// stringMax is L4IDL_STRING_MAX, the size of the buffers stubs use for
// unbounded strings and sequences (and of the server's receive buffers
// for them, ir.DefaultRecvBufferBytes).
const stringMax = ir.DefaultRecvBufferBytes

// vopt says how a value is accessed.
type vopt struct {
	// alloc is the allocator for variable data (e2e_cli_alloc or
	// e2e_srv_alloc).
	alloc string
	// inPlace: the top-level string, sequence or DCE buffer already has
	// storage (a caller's out buffer, a server's reply buffer); write
	// into it instead of allocating.
	inPlace bool
	// grant: fpages travel as grant items (their received base carries
	// type 0xA instead of 8).
	grant bool
	// count: for a DCE buffer, the C expression of its element count.
	count string
}

func (o vopt) nested() vopt {
	o.inPlace = false
	o.count = ""
	return o
}

// tmp returns a fresh C identifier.
func (g *gen) tmp(what string) string {
	g.ntmp++
	return fmt.Sprintf("_%s%d", what, g.ntmp)
}

// fitOf returns the largest element count of variable data of type t
// that the buffers of a call can hold (the bound for bounded data).
func fitOf(t *ir.Type, abi *ir.ABI) int64 {
	u := t.Underlying()
	if u.Len > 0 {
		return u.Len
	}
	switch u.Kind {
	case ir.String:
		return stringMax - 1
	case ir.WString:
		return stringMax/4 - 1
	}
	es := ir.Sizeof(u.Elem, abi)
	if es <= 0 {
		es = 1
	}
	return stringMax / es
}

// lenExpr returns the C expression of the length of variable data t.
func (g *gen) lenExpr(t *ir.Type) string {
	u := t.Underlying()
	return fmt.Sprintf("e2e_len(%dUL, %dUL)", u.Len, fitOf(t, g.abi))
}

// lenExprIn is lenExpr for data written into a buffer of a stub.
func (g *gen) lenExprIn(t *ir.Type, inPlace bool) string {
	if inPlace {
		return "e2e_lenp" + strings.TrimPrefix(g.lenExpr(t), "e2e_len")
	}
	return g.lenExpr(t)
}

// elemPtr returns the declaration of a pointer to elements of type e.
func (g *gen) elemPtr(e *ir.Type, name string) string {
	return g.m.Decl(&ir.Type{Kind: ir.Word, PointsTo: e}, name)
}

// leaf returns the C expression of the scalar of type t made from seed v.
func (g *gen) leaf(t *ir.Type, v string) string {
	u := t.Underlying()
	tn := g.m.TypeName(t)
	switch u.Kind {
	case ir.Boolean:
		return fmt.Sprintf("(%s)((%s) & 1)", tn, v)
	case ir.Float:
		return fmt.Sprintf("e2e_flt(%s)", v)
	case ir.Double:
		return fmt.Sprintf("e2e_dbl(%s)", v)
	case ir.LongDouble:
		return fmt.Sprintf("e2e_ldbl(%s)", v)
	case ir.Enum:
		return fmt.Sprintf("(%s)%s[(unsigned)(%s) %% %d]", tn, g.enumTable(u), v, len(u.Enumerators))
	case ir.ThreadID, ir.ObjRef:
		return fmt.Sprintf("l4idl_tid((L4_Word_t)(%s))", v)
	case ir.Fpage:
		return fmt.Sprintf("l4idl_l4fpage(e2e_fpword(%s))", v)
	}
	return fmt.Sprintf("(%s)(%s)", tn, v)
}

// cmpVal returns an expression of a scalar lvalue comparable as e2e_u64.
func cmpVal(t *ir.Type, e string) string {
	switch t.Underlying().Kind {
	case ir.Float:
		return "e2e_fbits(" + e + ")"
	case ir.Double:
		return "e2e_dbits(" + e + ")"
	case ir.LongDouble:
		return "e2e_ldbits(" + e + ")"
	case ir.ThreadID, ir.ObjRef, ir.Fpage:
		return "(" + e + ").raw"
	}
	return "(" + e + ")"
}

// enumTable returns the name of the C table of an enum's values.
func (g *gen) enumTable(u *ir.Type) string {
	if n, ok := g.enums[u]; ok {
		return n
	}
	n := fmt.Sprintf("e2e_enum%d", len(g.enums))
	g.enums[u] = n
	s := "static const long " + n + "[] = {"
	for i, e := range u.Enumerators {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(e.Value)
	}
	g.decls.P(s, "};")
	return n
}

// sizedMembers maps each count member of struct u to the DCE-sized
// member (size_is/length_is) whose element count it holds.
func sizedMembers(u *ir.Type) map[*ir.Field]*ir.Field {
	m := map[*ir.Field]*ir.Field{}
	for _, fl := range u.Fields {
		if fl.Size != nil {
			m[fl.Size] = fl
		}
	}
	return m
}

// unsupported records that the generator cannot make values of t.
func (g *gen) unsupported(t *ir.Type, why string) {
	if g.err == nil {
		g.err = fmt.Errorf("e2egen: %s (type %s) is not supported", why, t)
	}
}

// choice is one way to fill a union: an arm and the discriminator value
// that selects it.
type choice struct {
	arm  *ir.UnionArm
	disc string
}

// unionChoices lists every case label of every arm, and a value of the
// default arm when one exists and some discriminator value reaches it.
func (g *gen) unionChoices(u *ir.Type) []choice {
	var out []choice
	used := map[string]bool{}
	lit := func(v *big.Int) string { return "(" + g.m.TypeName(u.Disc) + ")" + cmap.IntLit(v, u.Disc) }
	for _, a := range u.Arms {
		for _, l := range a.Labels {
			used[l.String()] = true
			out = append(out, choice{a, lit(l)})
		}
	}
	for _, a := range u.Arms {
		if !a.Default {
			continue
		}
		d := u.Disc.Underlying()
		var cands []*big.Int
		switch d.Kind {
		case ir.Enum:
			for _, e := range d.Enumerators {
				cands = append(cands, big.NewInt(e.Value))
			}
		case ir.Boolean:
			cands = []*big.Int{big.NewInt(0), big.NewInt(1)}
		default:
			for i := int64(0); i < 1000; i++ {
				cands = append(cands, big.NewInt(i))
			}
		}
		for _, c := range cands {
			if !used[c.String()] {
				out = append(out, choice{a, lit(c)})
				break
			}
		}
	}
	return out
}

// fill prints code that stores the value of seed into lv.
func (g *gen) fill(f *cgen.File, lv string, t *ir.Type, seed string, o vopt) {
	u := t.Underlying()
	if u == nil {
		g.unsupported(t, "a type without definition")
		return
	}
	switch u.Kind {
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			f.P(lv, " = ", g.leaf(t, seed), ";")
			return
		}
		f.P(lv, ".base = e2e_fpbase(", seed, ");")
		f.P(lv, ".fpage = e2e_fpword(", seed, ");")
	case ir.Struct:
		f.Block("", "", func() {
			s := g.tmp("s")
			f.P("e2e_u64 ", s, ";")
			sized := sizedMembers(u)
			for i, fl := range u.Fields {
				if fl.Bits > 0 {
					g.unsupported(t, "a bit-field member")
					return
				}
				f.P(s, " = e2e_h(", seed, ", ", i+1, ");")
				flv := lv + "." + cmap.Ident(fl.Name)
				switch m := sized[fl]; {
				case m != nil:
					// The count of a DCE-sized member: the member's length.
					f.P(flv, " = (", g.m.TypeName(fl.Type), ")", g.lenExpr(m.Type), ";")
				case fl.Size != nil:
					no := o.nested()
					no.count = lv + "." + cmap.Ident(fl.Size.Name)
					g.fill(f, flv, fl.Type, s, no)
				default:
					g.fill(f, flv, fl.Type, s, o.nested())
				}
			}
		})
	case ir.Union:
		if u.Disc == nil {
			f.Block("", "", func() {
				i := g.tmp("i")
				f.P("unsigned char *_ub = (unsigned char *)&", lv, ";")
				f.P("for (unsigned long ", i, " = 0; ", i, " < sizeof ", lv, "; ", i, "++)")
				f.P(f.Tab, "_ub[", i, "] = (unsigned char)e2e_h(", seed, ", ", i, " + 1);")
			})
			return
		}
		cs := g.unionChoices(u)
		f.Block(fmt.Sprintf("switch (e2e_arm(%s, %d))", seed, len(cs)), "", func() {
			for k, c := range cs {
				f.Case(fmt.Sprintf("case %d:", k))
				f.P(lv, ".", cmap.DiscMember(u), " = ", c.disc, ";")
				if c.arm.Field != nil {
					g.fill(f, lv+"."+cmap.ArmsMember(u)+"."+cmap.Ident(c.arm.Field.Name), c.arm.Field.Type, "e2e_h("+seed+", 1)", o.nested())
				}
				f.P("break;")
			}
		})
	case ir.Array:
		f.Block("", "", func() {
			i := g.tmp("i")
			f.Block(fmt.Sprintf("for (unsigned long %s = 0; %s < %d; %s++)", i, i, u.Len, i), "", func() {
				g.fill(f, lv+"["+i+"]", u.Elem, "e2e_h("+seed+", "+i+" + 1)", o.nested())
			})
		})
	case ir.String, ir.WString:
		ct, ch := "CORBA_char", "e2e_ch"
		if u.Kind == ir.WString {
			ct, ch = "CORBA_wchar", "e2e_wch"
		}
		f.Block("", "", func() {
			n, p, i := g.tmp("n"), g.tmp("p"), g.tmp("i")
			f.P("unsigned long ", n, " = ", g.lenExprIn(t, o.inPlace), ";")
			if o.inPlace {
				f.P(ct, " *", p, " = ", lv, ";")
			} else {
				f.P(ct, " *", p, " = (", ct, " *)", o.alloc, "((", n, " + 1) * sizeof(", ct, "));")
			}
			f.P("for (unsigned long ", i, " = 0; ", i, " < ", n, "; ", i, "++)")
			f.P(f.Tab, p, "[", i, "] = ", ch, "(e2e_h(", seed, ", ", i, " + 1));")
			f.P(p, "[", n, "] = 0;")
			if !o.inPlace {
				f.P(lv, " = ", p, ";")
			}
		})
	case ir.Sequence:
		f.Block("", "", func() {
			n, b, i := g.tmp("n"), g.tmp("b"), g.tmp("i")
			f.P("unsigned long ", n, " = ", g.lenExprIn(t, o.inPlace), ";")
			dce := o.count != ""
			switch {
			case dce && o.inPlace:
				f.P(g.elemPtr(u.Elem, b), " = ", lv, ";")
			case dce:
				f.P(g.elemPtr(u.Elem, b), " = (", g.elemPtr(u.Elem, ""), ")", o.alloc, "((", n, " + 1) * sizeof *", b, ");")
			case o.inPlace:
				f.P(g.elemPtr(u.Elem, b), " = ", lv, "._buffer;")
			default:
				f.P(g.elemPtr(u.Elem, b), " = (", g.elemPtr(u.Elem, ""), ")", o.alloc, "((", n, " + 1) * sizeof *", b, ");")
			}
			f.Block(fmt.Sprintf("for (unsigned long %s = 0; %s < %s; %s++)", i, i, n, i), "", func() {
				g.fill(f, b+"["+i+"]", u.Elem, "e2e_h("+seed+", "+i+" + 1)", o.nested())
			})
			switch {
			case dce && !o.inPlace:
				f.P(lv, " = ", b, ";")
			case dce:
			case o.inPlace:
				f.P(lv, "._length = (CORBA_unsigned_long)", n, ";")
			default:
				f.P(lv, "._buffer = ", b, ";")
				f.P(lv, "._length = (CORBA_unsigned_long)", n, ";")
				f.P(lv, "._maximum = (CORBA_unsigned_long)", n, ";")
			}
		})
	case ir.Native, ir.Void:
		g.unsupported(t, "a value of this kind")
	case ir.LongDouble:
		f.P(lv, " = ", g.leaf(t, seed), ";")
	default:
		if !t.IsScalar() {
			g.unsupported(t, "a value of this kind")
			return
		}
		f.P(lv, " = ", g.leaf(t, seed), ";")
	}
}

// check prints code that compares lv with the value of seed, recording
// the first mismatch in the e2e_ck named ck. path names the value in
// messages.
func (g *gen) check(f *cgen.File, ck, lv string, t *ir.Type, seed, path string, o vopt) {
	u := t.Underlying()
	if u == nil {
		g.unsupported(t, "a type without definition")
		return
	}
	eq := func(what, idx, got, want string) {
		f.P("E2E_EQ(", ck, ", ", cgen.Quote(what), ", ", idx, ", ", got, ", ", want, ");")
	}
	switch u.Kind {
	case ir.Fpage:
		if cmap.IsL4Fpage(t) {
			eq(path, "-1", lv+".raw", "e2e_fpword("+seed+")")
			return
		}
		typ := "8"
		if o.grant {
			typ = "0xA"
		}
		eq(path+".base", "-1", lv+".base", fmt.Sprintf("(e2e_fpbase(%s) & ~(L4_Word_t)0x3FF) | %s", seed, typ))
		eq(path+".fpage", "-1", lv+".fpage", "e2e_fpword("+seed+")")
		eq(path+" mapped", "-1", "e2e_touch("+lv+".base, "+lv+".fpage)", "1")
	case ir.Struct:
		f.Block("", "", func() {
			s := g.tmp("s")
			f.P("e2e_u64 ", s, ";")
			sized := sizedMembers(u)
			for i, fl := range u.Fields {
				f.P(s, " = e2e_h(", seed, ", ", i+1, ");")
				flv := lv + "." + cmap.Ident(fl.Name)
				switch m := sized[fl]; {
				case m != nil:
					eq(path+"."+fl.Name, "-1", "(e2e_u64)"+flv, "(e2e_u64)"+g.lenExpr(m.Type))
				case fl.Size != nil:
					no := o.nested()
					no.count = lv + "." + cmap.Ident(fl.Size.Name)
					g.check(f, ck, flv, fl.Type, s, path+"."+fl.Name, no)
				default:
					g.check(f, ck, flv, fl.Type, s, path+"."+fl.Name, o.nested())
				}
			}
		})
	case ir.Union:
		if u.Disc == nil {
			f.Block("", "", func() {
				i := g.tmp("i")
				f.P("const unsigned char *_ub = (const unsigned char *)&", lv, ";")
				f.P("for (unsigned long ", i, " = 0; ", i, " < sizeof ", lv, "; ", i, "++)")
				f.P(f.Tab, "E2E_EQ(", ck, ", ", cgen.Quote(path+" byte"), ", (long)", i, ", _ub[", i, "], (unsigned char)e2e_h(", seed, ", ", i, " + 1));")
			})
			return
		}
		cs := g.unionChoices(u)
		f.Block(fmt.Sprintf("switch (e2e_arm(%s, %d))", seed, len(cs)), "", func() {
			for k, c := range cs {
				f.Case(fmt.Sprintf("case %d:", k))
				d := lv + "." + cmap.DiscMember(u)
				f.Block(fmt.Sprintf("if (%s != %s)", d, c.disc), "", func() {
					eq(path+"."+cmap.DiscMember(u), "-1", d, c.disc)
					f.P("break;")
				})
				if c.arm.Field != nil {
					g.check(f, ck, lv+"."+cmap.ArmsMember(u)+"."+cmap.Ident(c.arm.Field.Name), c.arm.Field.Type, "e2e_h("+seed+", 1)", path+"."+c.arm.Field.Name, o.nested())
				}
				f.P("break;")
			}
		})
	case ir.Array:
		f.Block("", "", func() {
			i := g.tmp("i")
			f.Block(fmt.Sprintf("for (unsigned long %s = 0; %s < %d; %s++)", i, i, u.Len, i), "", func() {
				g.checkElem(f, ck, lv+"["+i+"]", u.Elem, "e2e_h("+seed+", "+i+" + 1)", path+"[]", i, o.nested())
			})
		})
	case ir.String, ir.WString:
		ct, ch, slen := "CORBA_char", "e2e_ch", "strlen"
		if u.Kind == ir.WString {
			ct, ch, slen = "CORBA_wchar", "e2e_wch", "e2e_wcslen"
		}
		f.Block("", "", func() {
			n, p, i := g.tmp("n"), g.tmp("p"), g.tmp("i")
			f.P("unsigned long ", n, " = ", g.lenExpr(t), ";")
			f.P("const ", ct, " *", p, " = ", lv, ";")
			f.Block("if (!"+p+")", "", func() { eq(path+" (NULL)", "-1", "0", "1") })
			f.Block("else if ("+slen+"("+p+") != "+n+")", "", func() { eq(path+" length", "-1", slen+"("+p+")", n) })
			f.P("else")
			f.P(f.Tab, "for (unsigned long ", i, " = 0; ", i, " < ", n, "; ", i, "++)")
			f.P(f.Tab, f.Tab, "E2E_EQ(", ck, ", ", cgen.Quote(path), ", (long)", i, ", ", p, "[", i, "], ", ch, "(e2e_h(", seed, ", ", i, " + 1)));")
		})
	case ir.Sequence:
		f.Block("", "", func() {
			n, b, i := g.tmp("n"), g.tmp("b"), g.tmp("i")
			f.P("unsigned long ", n, " = ", g.lenExpr(t), ";")
			if o.count != "" {
				f.P("const ", g.elemPtr(u.Elem, b), " = ", lv, ";")
				f.Block("if ((unsigned long)("+o.count+") != "+n+")", "", func() { eq(path+" count", "-1", o.count, n) })
			} else {
				f.P("const ", g.elemPtr(u.Elem, b), " = ", lv, "._buffer;")
				f.Block("if ("+lv+"._length != "+n+")", "", func() { eq(path+"._length", "-1", lv+"._length", n) })
			}
			f.Block("else if ("+n+" != 0 && !"+b+")", "", func() { eq(path+" (NULL)", "-1", "0", "1") })
			f.P("else")
			f.Block(fmt.Sprintf("for (unsigned long %s = 0; %s < %s; %s++)", i, i, n, i), "", func() {
				g.checkElem(f, ck, b+"["+i+"]", u.Elem, "e2e_h("+seed+", "+i+" + 1)", path+"[]", i, o.nested())
			})
		})
	case ir.Native, ir.Void:
		g.unsupported(t, "a value of this kind")
	case ir.LongDouble:
		eq(path, "-1", cmpVal(t, lv), cmpVal(t, g.leaf(t, seed)))
	default:
		if !t.IsScalar() {
			g.unsupported(t, "a value of this kind")
			return
		}
		eq(path, "-1", cmpVal(t, lv), cmpVal(t, g.leaf(t, seed)))
	}
}

// checkElem checks an element of an array or sequence, reporting its
// index for scalars.
func (g *gen) checkElem(f *cgen.File, ck, lv string, t *ir.Type, seed, path, idx string, o vopt) {
	if t.IsScalar() && !(t.Underlying().Kind == ir.Fpage && !cmap.IsL4Fpage(t)) {
		f.P("E2E_EQ(", ck, ", ", cgen.Quote(path), ", (long)", idx, ", ", cmpVal(t, lv), ", ", cmpVal(t, g.leaf(t, seed)), ");")
		return
	}
	g.check(f, ck, lv, t, seed, path, o)
}

// hasVariable reports whether values of t contain strings or sequences;
// unbounded reports whether any of them is unbounded.
func hasVariable(t *ir.Type, seen map[*ir.Type]bool) (variable, unbounded bool) {
	u := t.Underlying()
	if u == nil || seen[u] {
		return false, false
	}
	seen[u] = true
	defer delete(seen, u)
	switch u.Kind {
	case ir.String, ir.WString:
		return true, u.Len == 0
	case ir.Sequence:
		v, ub := hasVariable(u.Elem, seen)
		return true, u.Len == 0 || (v && ub)
	case ir.Array:
		return hasVariable(u.Elem, seen)
	case ir.Struct:
		for _, fl := range u.Fields {
			v, ub := hasVariable(fl.Type, seen)
			variable = variable || v
			unbounded = unbounded || ub
		}
	case ir.Union:
		for _, a := range u.Arms {
			if a.Field != nil {
				v, ub := hasVariable(a.Field.Type, seen)
				variable = variable || v
				unbounded = unbounded || ub
			}
		}
	}
	return variable, unbounded
}

// maxChoices returns the largest number of union choices in values of t.
func (g *gen) maxChoices(t *ir.Type, seen map[*ir.Type]bool) int {
	u := t.Underlying()
	if u == nil || seen[u] {
		return 0
	}
	seen[u] = true
	defer delete(seen, u)
	n := 0
	switch u.Kind {
	case ir.Sequence, ir.Array:
		n = g.maxChoices(u.Elem, seen)
	case ir.Struct:
		for _, fl := range u.Fields {
			n = max(n, g.maxChoices(fl.Type, seen))
		}
	case ir.Union:
		if u.Disc != nil {
			n = len(g.unionChoices(u))
		}
		for _, a := range u.Arms {
			if a.Field != nil {
				n = max(n, g.maxChoices(a.Field.Type, seen))
			}
		}
	}
	return n
}
