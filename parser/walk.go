package parser

import "reflect"

// Inspect traverses the tree rooted at n depth-first, in source order,
// calling f for every node; if f returns false the node's children are
// skipped. Nil nodes are not visited. It does not follow ImportPath.File
// into imported files. Attributes of a declaration are visited once,
// through its Definition (not again through the Decl's Attrs field).
func Inspect(n Node, f func(Node) bool) {
	if isNilNode(n) || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Defs {
			Inspect(d, f)
		}
	case *Definition:
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
		Inspect(n.Decl, f)
	case *Module:
		inspectDefs(n.Defs, f)
	case *Library:
		inspectDefs(n.Defs, f)
	case *Interface:
		for _, b := range n.Bases {
			Inspect(b, f)
		}
		inspectDefs(n.Defs, f)
	case *Operation:
		Inspect(n.Result, f)
		for _, p := range n.Params {
			Inspect(p, f)
		}
		for _, r := range n.Raises {
			Inspect(r, f)
		}
	case *Param:
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
		Inspect(n.Type, f)
		Inspect(n.Declarator, f)
	case *Const:
		Inspect(n.Type, f)
		Inspect(n.Value, f)
	case *Typedef:
		Inspect(n.Type, f)
		for _, d := range n.Declarators {
			Inspect(d, f)
		}
	case *TypeDecl:
		Inspect(n.Struct, f)
		Inspect(n.Union, f)
		Inspect(n.Enum, f)
	case *Exception:
		for _, m := range n.Members {
			Inspect(m, f)
		}
	case *AttributeDecl:
		Inspect(n.Type, f)
		for _, d := range n.Names {
			Inspect(d, f)
		}
	case *Import:
		for _, p := range n.Paths {
			Inspect(p, f)
		}
	case *TypeSpec:
		Inspect(n.Base, f)
		Inspect(n.Str, f)
		Inspect(n.Sequence, f)
		Inspect(n.Fixed, f)
		Inspect(n.Struct, f)
		Inspect(n.Union, f)
		Inspect(n.Enum, f)
		Inspect(n.Named, f)
	case *StringType:
		Inspect(n.Bound, f)
	case *SequenceType:
		Inspect(n.Elem, f)
		Inspect(n.Bound, f)
	case *FixedType:
		Inspect(n.Digits, f)
		Inspect(n.Scale, f)
	case *StructType:
		for _, m := range n.Members {
			Inspect(m, f)
		}
	case *Member:
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
		Inspect(n.Type, f)
		for _, d := range n.Declarators {
			Inspect(d, f)
		}
	case *UnionType:
		Inspect(n.Switch, f)
		for _, a := range n.Arms {
			Inspect(a, f)
		}
	case *UnionSwitch:
		Inspect(n.Type, f)
	case *UnionArm:
		for _, l := range n.Labels {
			Inspect(l, f)
		}
		Inspect(n.Member, f)
	case *CaseLabel:
		Inspect(n.Value, f)
	case *EnumType:
		for _, e := range n.Enumerators {
			Inspect(e, f)
		}
	case *Enumerator:
		Inspect(n.Value, f)
	case *Declarator:
		for _, d := range n.Dims {
			Inspect(d, f)
		}
		Inspect(n.Bits, f)
	case *ArrayDim:
		Inspect(n.Size, f)
	case *Attribute:
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *AttrArg:
		Inspect(n.Expr, f)
		Inspect(n.Type, f)
	case *BinaryExpr:
		Inspect(n.X, f)
		Inspect(n.Y, f)
	case *UnaryExpr:
		Inspect(n.X, f)
	}
}

func inspectDefs(defs []*Definition, f func(Node) bool) {
	for _, d := range defs {
		Inspect(d, f)
	}
}

// isNilNode reports whether n is nil or a typed nil pointer.
func isNilNode(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
