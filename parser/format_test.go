package parser

import (
	"fmt"
	"strings"
)

// format prints a tree back as canonical one-line IDL, so tests can state
// the expected tree shape in IDL syntax. It shows what the parser
// decided: base types by kind ("unsigned long int" prints as "unsigned
// long"), expressions fully parenthesized ("(1 + (2 * 3))"), literals by
// value, the CORBA direction keyword as written and DCE attributes in
// brackets, imported definitions marked "imported".
func format(n Node) string {
	var b strings.Builder
	fmtNode(&b, n)
	return strings.TrimSpace(b.String())
}

func fmtNode(b *strings.Builder, n Node) {
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Defs {
			fmtNode(b, d)
			w(" ")
		}
	case *Definition:
		if n.Imported {
			w("imported ")
		}
		fmtAttrs(b, n.Attrs)
		fmtNode(b, n.Decl)
	case *Module:
		w("module ", n.Name, " { ")
		fmtDefs(b, n.Defs)
		w("};")
	case *Library:
		w("library ", n.Name, " { ")
		fmtDefs(b, n.Defs)
		w("};")
	case *Interface:
		w("interface ", n.Name)
		if len(n.Bases) > 0 {
			w(" : ", names(n.Bases))
		}
		if n.Forward {
			w(";")
			return
		}
		w(" { ")
		fmtDefs(b, n.Defs)
		w("};")
	case *Operation:
		if n.Oneway {
			w("oneway ")
		}
		w(typeString(n.Result), strings.Repeat("*", n.ResultPointers), " ", n.Name, "(")
		for i, p := range n.Params {
			if i > 0 {
				w(", ")
			}
			fmtNode(b, p)
		}
		w(")")
		if len(n.Raises) > 0 {
			w(" raises(", names(n.Raises), ")")
		}
		if len(n.Context) > 0 {
			w(fmt.Sprintf(" context(%q)", n.Context))
		}
		w(";")
	case *Param:
		fmtAttrs(b, n.Attrs)
		if n.Dir != DirNone {
			w(n.Dir.String(), " ")
		}
		w(typeString(n.Type))
		if n.Declarator != nil {
			w(" ", declString(n.Declarator))
		}
	case *Const:
		t := "untyped"
		if n.Type != nil {
			t = typeString(n.Type)
		}
		w("const ", t, " ", n.Name, " = ", exprString(n.Value), ";")
	case *Typedef:
		w("typedef ", typeString(n.Type), " ", declStrings(n.Declarators), ";")
	case *TypeDecl:
		w(typeString(n.Type()), ";")
	case *Exception:
		w("exception ", n.Name, " { ", membersString(n.Members), "};")
	case *AttributeDecl:
		if n.Readonly {
			w("readonly ")
		}
		w("attribute ", typeString(n.Type), " ", declStrings(n.Names), ";")
	case *Native:
		w("native ", n.Name, ";")
	case *Import:
		w("import")
		for i, p := range n.Paths {
			if i > 0 {
				w(",")
			}
			kind := "quoted"
			if p.System {
				kind = "system"
			}
			w(" ", kind, ":", p.Path)
		}
		w(";")
	default:
		w(fmt.Sprintf("<%T>", n))
	}
}

func fmtDefs(b *strings.Builder, defs []*Definition) {
	for _, d := range defs {
		fmtNode(b, d)
		b.WriteString(" ")
	}
}

func fmtAttrs(b *strings.Builder, attrs []*Attribute) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString("[")
	for i, a := range attrs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(attrString(a))
	}
	b.WriteString("] ")
}

func attrString(a *Attribute) string {
	if a.Args == nil {
		return a.Name
	}
	var args []string
	for _, x := range a.Args {
		switch {
		case x.UUID != "":
			args = append(args, "uuid:"+x.UUID)
		case x.Expr != nil:
			args = append(args, exprString(x.Expr))
		case x.Type != nil:
			args = append(args, "type:"+typeString(x.Type))
		default:
			args = append(args, "raw:"+x.Raw)
		}
	}
	return a.Name + "(" + strings.Join(args, ", ") + ")"
}

func names(ns []*ScopedName) string {
	var s []string
	for _, n := range ns {
		s = append(s, n.String())
	}
	return strings.Join(s, ", ")
}

// typeString prints a type with its struct, union and enum bodies.
func typeString(t *TypeSpec) string {
	if t == nil {
		return "<nil>"
	}
	prefix := ""
	if t.Ref {
		prefix = "ref "
	}
	switch {
	case t.Base != nil:
		return prefix + t.Base.Kind.String()
	case t.Str != nil:
		s := "string"
		if t.Str.Wide {
			s = "wstring"
		}
		if t.Str.Bound != nil {
			s += "<" + exprString(t.Str.Bound) + ">"
		}
		return prefix + s
	case t.Sequence != nil:
		s := "sequence<" + typeString(t.Sequence.Elem)
		if t.Sequence.Bound != nil {
			s += ", " + exprString(t.Sequence.Bound)
		}
		return prefix + s + ">"
	case t.Fixed != nil:
		if t.Fixed.Digits == nil {
			return prefix + "fixed"
		}
		return prefix + "fixed<" + exprString(t.Fixed.Digits) + ", " + exprString(t.Fixed.Scale) + ">"
	case t.Struct != nil:
		s := prefix + tagged("struct", t.Struct.Tag)
		if t.Struct.Defined {
			s += " { " + membersString(t.Struct.Members) + "}"
		}
		return s
	case t.Union != nil:
		u := t.Union
		s := prefix + tagged("union", u.Tag)
		if u.Switch != nil {
			s += " switch(" + typeString(u.Switch.Type)
			if u.Switch.Name != "" {
				s += " " + u.Switch.Name
			}
			s += ")"
			if u.Switch.UnionName != "" {
				s += " " + u.Switch.UnionName
			}
		}
		if u.Defined {
			s += " { "
			for _, arm := range u.Arms {
				for _, l := range arm.Labels {
					if l.Default {
						s += "default: "
					} else {
						s += "case " + exprString(l.Value) + ": "
					}
				}
				s += memberString(arm.Member) + " "
			}
			s += "}"
		}
		return s
	case t.Enum != nil:
		s := prefix + tagged("enum", t.Enum.Tag)
		if t.Enum.Defined {
			var es []string
			for _, e := range t.Enum.Enumerators {
				x := e.Name
				if e.Value != nil {
					x += " = " + exprString(e.Value)
				}
				es = append(es, x)
			}
			s += " { " + strings.Join(es, ", ") + " }"
		}
		return s
	case t.Named != nil:
		return prefix + t.Named.String()
	}
	return "<empty type>"
}

func tagged(kw, tag string) string {
	if tag == "" {
		return kw
	}
	return kw + " " + tag
}

func membersString(ms []*Member) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(memberString(m) + " ")
	}
	return b.String()
}

func memberString(m *Member) string {
	var b strings.Builder
	fmtAttrs(&b, m.Attrs)
	if m.Type != nil {
		b.WriteString(typeString(m.Type))
		if len(m.Declarators) > 0 {
			b.WriteString(" " + declStrings(m.Declarators))
		}
	}
	b.WriteString(";")
	return b.String()
}

func declStrings(ds []*Declarator) string {
	var s []string
	for _, d := range ds {
		s = append(s, declString(d))
	}
	return strings.Join(s, ", ")
}

func declString(d *Declarator) string {
	s := strings.Repeat("*", d.Pointers) + d.Name
	for _, dim := range d.Dims {
		if dim.Size == nil {
			s += "[]"
		} else {
			s += "[" + exprString(dim.Size) + "]"
		}
	}
	if d.Bits != nil {
		s += " : " + exprString(d.Bits)
	}
	return s
}

// exprString prints an expression fully parenthesized, literals by value.
func exprString(e Expr) string {
	switch e := e.(type) {
	case *BinaryExpr:
		return "(" + exprString(e.X) + " " + e.Op + " " + exprString(e.Y) + ")"
	case *UnaryExpr:
		return e.Op + exprString(e.X)
	case *BasicLit:
		switch e.Kind {
		case IntLit:
			if e.Unsigned {
				return fmt.Sprintf("%du", e.Int)
			}
			return fmt.Sprint(e.Int)
		case FloatLit:
			return fmt.Sprint(e.Float)
		case CharLit:
			if e.Wide {
				return fmt.Sprintf("L%q", e.Char)
			}
			return fmt.Sprintf("%q", e.Char)
		case StringLit:
			if e.Wide {
				return fmt.Sprintf("L%q", e.Str)
			}
			return fmt.Sprintf("%q", e.Str)
		case BoolLit:
			if e.Bool {
				return "TRUE"
			}
			return "FALSE"
		}
	case *ScopedName:
		return e.String()
	case nil:
		return "<nil>"
	}
	return fmt.Sprintf("<%T>", e)
}
