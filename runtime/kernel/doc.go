// Package kernel builds l4idl's bundled L4 X.2 kernel for ia32 (src/),
// its sigma0 (sigma0/) and root tasks, boots them in qemu-system-i386 and
// reads the test results the root task prints on the serial console.
//
//	k, s0, err := kernel.Build()
//	root, err := kernel.BuildRootTask(dir, []string{"main.c"})
//	res, err := kernel.Boot(ctx, kernel.BootOptions{Kernel: k, Sigma0: s0, RootTask: root})
//	tap, err := kernel.ParseTAP(res.Log)
//
// See README.md for the kernel's layout, conventions and what it
// implements.
package kernel
