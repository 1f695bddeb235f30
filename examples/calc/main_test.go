package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/l4idl/l4idl/runtime/hosted"
	"github.com/l4idl/l4idl/runtime/kernel"
)

// TestDemo runs the README's quick-start demo (go run ./examples/calc) on
// the hosted emulator for both targets and on l4idl's kernel in QEMU, and
// checks what the client prints: every call's result, the exception with
// its member, the mapping and the oneway notification.
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
			checkDemo(t, arch, code, err, out.String())
		})
	}
	t.Run("kernel", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		code, err := runKernel(t.TempDir(), &out)
		if errors.Is(err, kernel.ErrToolMissing) {
			kernel.Missing(t, err.Error())
		}
		checkDemo(t, "ia32", code, err, out.String())
		if !strings.Contains(out.String(), "KDB: done") {
			t.Errorf("the kernel run did not end normally:\n%s", out.String())
		}
	})
}

// checkDemo checks the demo's exit status and output.
func checkDemo(t *testing.T, arch string, code int, err error, out string) {
	t.Helper()
	if err != nil || code != 0 {
		t.Fatalf("exit status %d, error %v\n%s", code, err, out)
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
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "FAILED") {
		t.Errorf("the demo reports a failure:\n%s", out)
	}
}
