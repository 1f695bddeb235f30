package diag

import "testing"

func TestCaretPad(t *testing.T) {
	tests := []struct {
		line string
		col  int
		want string
	}{
		{"abc", 3, "  "},
		{"\tx", 2, "\t"},
		{"ääx", 3, "  "}, // columns count characters, not bytes
		{"a", 4, "   "},  // past the end of the line
	}
	for _, tc := range tests {
		if got := caretPad(tc.line, tc.col); got != tc.want {
			t.Errorf("caretPad(%q, %d) = %q, want %q", tc.line, tc.col, got, tc.want)
		}
	}
}
