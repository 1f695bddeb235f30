package parser

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Fprint writes the tree rooted at n to w in an indented, line-per-node
// form for debugging and golden tests:
//
//	Interface @3:1 Name="block"
//	  Defs[0]: Definition @4:3
//
// Fields with zero values, positions other than the node's own line and
// column, and imported files (ImportPath.File) are left out; a
// declaration's attributes are printed once, with its Definition.
func Fprint(w io.Writer, n Node) error {
	p := &printer{w: w}
	if !isNilNode(n) {
		p.file = n.Position().Filename
	}
	p.node(reflect.ValueOf(n), "", 0)
	return p.err
}

type printer struct {
	w    io.Writer
	err  error
	file string // file name of the root node; other files are named
}

var posType = reflect.TypeOf(diag.Pos{})

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// node prints a struct pointer (or interface holding one) with its
// scalar fields on one line and its child nodes below.
func (p *printer) node(v reflect.Value, label string, depth int) {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	var line strings.Builder
	line.WriteString(strings.Repeat("  ", depth))
	if label != "" {
		line.WriteString(label + ": ")
	}
	line.WriteString(t.Name())
	if f, ok := t.FieldByName("Pos"); ok && f.Type == posType {
		pos := v.FieldByIndex(f.Index).Interface().(diag.Pos)
		if pos.Filename != p.file {
			fmt.Fprintf(&line, " @%s:%d:%d", filepath.Base(pos.Filename), pos.Line, pos.Column)
		} else {
			fmt.Fprintf(&line, " @%d:%d", pos.Line, pos.Column)
		}
	}
	type child struct {
		label string
		v     reflect.Value
	}
	var children []child
	_, isDecl := v.Addr().Interface().(Decl)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if !f.IsExported() || f.Type == posType || fv.IsZero() {
			continue
		}
		if f.Name == "Attrs" && isDecl {
			continue // printed with the Definition
		}
		if t == reflect.TypeOf(ImportPath{}) && f.Name == "File" {
			line.WriteString(" File=" + strconv.Quote(fv.Interface().(*File).Path))
			continue
		}
		switch fv.Kind() {
		case reflect.Map: // File.Dropped
			keys := make([]string, 0, fv.Len())
			for _, k := range fv.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			fmt.Fprintf(&line, " %s=%q", f.Name, keys)
		case reflect.Pointer, reflect.Interface:
			children = append(children, child{f.Name, fv})
		case reflect.Slice:
			if f.Type.Elem().Kind() == reflect.String {
				fmt.Fprintf(&line, " %s=%q", f.Name, fv.Interface())
				continue
			}
			for j := 0; j < fv.Len(); j++ {
				children = append(children, child{fmt.Sprintf("%s[%d]", f.Name, j), fv.Index(j)})
			}
		case reflect.String:
			fmt.Fprintf(&line, " %s=%q", f.Name, fv.String())
		default:
			if s, ok := fv.Interface().(fmt.Stringer); ok {
				fmt.Fprintf(&line, " %s=%s", f.Name, s)
			} else {
				fmt.Fprintf(&line, " %s=%v", f.Name, fv.Interface())
			}
		}
	}
	p.printf("%s\n", line.String())
	for _, c := range children {
		p.node(c.v, c.label, depth+1)
	}
}
