package stubcost

import (
	"github.com/l4idl/l4idl/backend/gcc-x86/portable"
	"github.com/l4idl/l4idl/ir"
)

// PortableVariant returns the variant of the portable style
// (backend/gcc-x86/portable, `l4idl gen --style portable`): every value
// marshalled by an out-of-line helper (l4idl_*, counted as stub code)
// into a message buffer that is then copied into the MRs.
func PortableVariant() Variant {
	return Variant{Name: Portable, Label: "portable", Write: func(l *ir.Layout, path string, inc []string, dir string) error {
		return writeGenerated(portable.Generate, l, inc, dir)
	}}
}
