package kernel

import (
	"errors"
	"os"
	"testing"
)

// Missing skips tb because what is not installed, or fails it when the
// CI environment variable is set (CI must run every QEMU test).
func Missing(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("kernel: %s (required in CI; install with apt-get install --no-install-recommends qemu-system-x86 gcc-multilib)", what)
	}
	tb.Skipf("kernel: %s", what)
}

// MustBuild is Build for tests: a missing tool becomes Missing, any other
// error fails tb.
func MustBuild(tb testing.TB) (kernelELF, sigma0ELF string) {
	tb.Helper()
	k, s, err := Build()
	if errors.Is(err, ErrToolMissing) {
		Missing(tb, err.Error())
	}
	if err != nil {
		tb.Fatalf("kernel.Build: %v", err)
	}
	return k, s
}
