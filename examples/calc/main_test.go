package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/runtime/hosted"
)

// TestDemo runs the README's quick-start demo (go run ./examples/calc) for
// both targets and checks what the client prints: every call's result, the
// exception with its member, the mapping and the oneway notification.
func TestDemo(t *testing.T) {
	for _, arch := range hosted.Arches {
		t.Run(arch, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			code, err := run(arch, t.TempDir(), &out, &out)
			if errors.Is(err, hosted.ErrToolMissing) {
				if os.Getenv("CI") != "" {
					t.Fatalf("%v (required in CI; scripts/test.sh installs it)", err)
				}
				t.Skip(err)
			}
			if err != nil || code != 0 {
				t.Fatalf("exit status %d, error %v\n%s", code, err, out.String())
			}
			for _, want := range []string{
				"calc.idl -> l4idl_corba.h, calc_client.h, calc_server.h, calc_template.c (" + arch + ")",
				"add(2, 40) = 42\n",
				"div(7, 2) = 3\n",
				"div(1, 0) raised div_by_zero (dividend 1)\n",
				"scale({1, 2, 3}, 15, round) = {10, 30, 40}\n",
				"rename(\"calculator\") -> hash 0xc55adf4d\n",
				"write(300 bytes) -> written 300\n",
				"map(0x40000) -> map item: send base 0x40000, fpage 0x400c0 (rights 6)\n",
				"notify(me, 7) sent (oneway)\n",
				"calls = 8; the server saw event 7 from thread ",
			} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			if strings.Contains(out.String(), "FAILED") {
				t.Errorf("the demo reports a failure:\n%s", out.String())
			}
		})
	}
}
