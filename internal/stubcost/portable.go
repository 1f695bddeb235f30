package stubcost

import (
	"fmt"

	"github.com/l4idl/l4idl/ir"
)

// PortableVariant returns the variant of the portable style
// (backend/gcc-x86/portable, `l4idl gen --style portable`).
func PortableVariant() Variant {
	return Variant{Name: Portable, Label: "portable", Write: func(l *ir.Layout, path string, inc []string, dir string) error {
		return fmt.Errorf("the portable generator (backend/gcc-x86/portable) is not built in yet: %w", ErrNotAvailable)
	}}
}
