package stubcost

import (
	"testing"

	"github.com/l4idl/l4idl/ir"
)

func TestHoldsPointer(t *testing.T) {
	long := &ir.Type{Kind: ir.Long}
	str := &ir.Type{Kind: ir.String}
	flat := &ir.Type{Kind: ir.Struct, Fields: []*ir.Field{{Name: "a", Type: long}}}
	named := &ir.Type{Kind: ir.Struct, Fields: []*ir.Field{{Name: "a", Type: long}, {Name: "s", Type: str}}}
	alias := &ir.Type{Kind: ir.Alias, Elem: named}
	nested := &ir.Type{Kind: ir.Struct, Fields: []*ir.Field{{Name: "in", Type: alias}}}
	union := &ir.Type{Kind: ir.Union, Arms: []*ir.UnionArm{{Default: true, Field: &ir.Field{Name: "q", Type: &ir.Type{Kind: ir.Sequence, Elem: long}}}}}
	seqOfFlat := &ir.Type{Kind: ir.Sequence, Elem: flat}
	seqOfNamed := &ir.Type{Kind: ir.Sequence, Elem: named}
	arrOfStr := &ir.Type{Kind: ir.Array, Elem: str, Len: 4}
	self := &ir.Type{Kind: ir.Struct}
	self.Fields = []*ir.Field{{Name: "next", Type: &ir.Type{Kind: ir.Sequence, Elem: self}}}
	for _, c := range []struct {
		name string
		t    *ir.Type
		want bool
	}{
		{"long", long, false}, {"string", str, false}, {"flat struct", flat, false},
		{"struct with a string", named, true}, {"alias of it", alias, true}, {"nested", nested, true},
		{"union with a sequence arm", union, true}, {"sequence of flat structs", seqOfFlat, false},
		{"sequence of structs with strings", seqOfNamed, true}, {"array of strings", arrOfStr, true},
		{"recursive", self, true}, {"nil", nil, false},
	} {
		if got := holdsPointer(c.t, map[*ir.Type]bool{}); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
