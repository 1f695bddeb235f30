package parser

import (
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// normalizeFile finishes a freshly parsed tree: it fills in the fields
// that have no grammar (attributes on declarations, base-type kinds,
// decoded import paths and context strings).
func normalizeFile(f *File, errs *diag.List) {
	attachAll(f.Defs)
	normalizeNode(f, errs)
}

// attachAll attaches the attributes of definitions, recursively.
func attachAll(defs []*Definition) {
	for _, d := range defs {
		attach(d)
	}
}

// attach stores the definition's attributes on its declaration and
// recurses into containers.
func attach(d *Definition) {
	switch x := d.Decl.(type) {
	case *Module:
		x.Attrs = d.Attrs
		attachAll(x.Defs)
	case *Library:
		x.Attrs = d.Attrs
		attachAll(x.Defs)
	case *Interface:
		x.Attrs = d.Attrs
		attachAll(x.Defs)
	case *Operation:
		x.Attrs = d.Attrs
	case *Const:
		x.Attrs = d.Attrs
	case *Typedef:
		if len(d.Attrs) > 0 {
			all := make([]*Attribute, 0, len(d.Attrs)+len(x.Attrs))
			all = append(append(all, d.Attrs...), x.Attrs...)
			d.Attrs = all
		} else {
			d.Attrs = x.Attrs
		}
		x.Attrs = d.Attrs
	case *TypeDecl:
		x.Attrs = d.Attrs
	case *Exception:
		x.Attrs = d.Attrs
	case *AttributeDecl:
		x.Attrs = d.Attrs
	case *Native:
		x.Attrs = d.Attrs
	case *Import:
		x.Attrs = d.Attrs
	}
}

// normalizeType finishes a type parsed on its own (an attribute argument).
func normalizeType(t *TypeSpec, errs *diag.List) { normalizeNode(t, errs) }

// normalizeNode fills in base-type kinds, import paths and context
// strings below n. Problems go to errs (which may be nil).
func normalizeNode(root Node, errs *diag.List) {
	Inspect(root, func(n Node) bool {
		switch n := n.(type) {
		case *TypeSpec:
			if n.Base != nil {
				resolveBase(n, errs)
			}
		case *ImportPath:
			n.System = strings.HasPrefix(n.Raw, "<")
			if n.System {
				n.Path = strings.TrimSuffix(strings.TrimPrefix(n.Raw, "<"), ">")
			} else if s, _, msg := unquote(n.Raw, '"'); msg == "" {
				n.Path = s
			} else {
				n.Path = strings.Trim(n.Raw, `"`)
			}
		case *Operation:
			for i, raw := range n.Context {
				s, _, msg := unquote(raw, '"')
				if msg != "" && errs != nil {
					errs.Errorf(n.Pos, "%s in context string %s", msg, raw)
				}
				n.Context[i] = s
			}
		}
		return true
	})
}

// idlOnlyTypeNames are built-in type names of IDL that are ordinary
// identifiers in C: in C header text they name typedefs.
var idlOnlyTypeNames = map[string]bool{
	"boolean": true, "octet": true, "wchar": true, "any": true, "Object": true,
	"byte": true, "fpage": true, "flexpage": true, "threadid": true,
	"word": true, "signed_word": true,
}

// resolveBase sets the kind of t.Base. In C header text an IDL-only name
// becomes a named type instead, and long is word-sized.
func resolveBase(t *TypeSpec, errs *diag.List) {
	b := t.Base
	if b.Kind != BaseInvalid {
		return // already resolved (C header text is normalized when read)
	}
	inC := isCHeaderName(b.Pos.Filename)
	if inC && len(b.Words) == 1 && idlOnlyTypeNames[b.Words[0]] {
		t.Named = &ScopedName{Pos: b.Pos, Parts: []string{b.Words[0]}}
		t.Base = nil
		return
	}
	b.Kind = baseKind(b.Words, inC)
	if b.Kind == BaseInvalid && errs != nil {
		errs.Errorf(b.Pos, "invalid type %q: these words do not combine", b.String())
	}
}

// baseKind combines the words of a built-in type. C selects the C
// meaning of long (word-sized).
func baseKind(words []string, c bool) BaseKind {
	if len(words) == 1 {
		switch words[0] {
		case "void":
			return BaseVoid
		case "boolean":
			return BaseBoolean
		case "octet", "byte":
			return BaseOctet
		case "wchar":
			return BaseWChar
		case "any":
			return BaseAny
		case "Object":
			return BaseObject
		case "fpage", "flexpage":
			return BaseFpage
		case "threadid":
			return BaseThreadID
		case "word":
			return BaseWord
		case "signed_word":
			return BaseSignedWord
		}
	}
	var n struct{ unsigned, signed, short, long, int, char, double, float int }
	for _, w := range words {
		switch w {
		case "unsigned":
			n.unsigned++
		case "signed":
			n.signed++
		case "short":
			n.short++
		case "long":
			n.long++
		case "int":
			n.int++
		case "char":
			n.char++
		case "double":
			n.double++
		case "float":
			n.float++
		default:
			return BaseInvalid
		}
	}
	sign := n.unsigned + n.signed
	switch {
	case n.unsigned > 1 || n.signed > 1 || sign > 1 || n.int > 1 || n.short > 1 || n.long > 2 || n.char > 1 || n.double > 1 || n.float > 1:
		return BaseInvalid
	case n.float == 1:
		if len(words) == 1 {
			return BaseFloat
		}
		return BaseInvalid
	case n.double == 1:
		switch {
		case len(words) == 1:
			return BaseDouble
		case len(words) == 2 && n.long == 1:
			return BaseLongDouble
		}
		return BaseInvalid
	case n.char == 1:
		if n.short+n.long+n.int > 0 {
			return BaseInvalid
		}
		switch {
		case n.unsigned == 1:
			return BaseUChar
		case n.signed == 1:
			return BaseSChar
		}
		return BaseChar
	case n.short == 1:
		if n.long > 0 {
			return BaseInvalid
		}
		if n.unsigned == 1 {
			return BaseUShort
		}
		return BaseShort
	case n.long == 2:
		if n.unsigned == 1 {
			return BaseULongLong
		}
		return BaseLongLong
	case n.long == 1 && c:
		if n.unsigned == 1 {
			return BaseCULong
		}
		return BaseCLong
	}
	// int, long (IDL), signed, unsigned, with or without int.
	if n.unsigned == 1 {
		return BaseULong
	}
	return BaseLong
}
