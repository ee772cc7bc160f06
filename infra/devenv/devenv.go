// Package devenv is the development machine as the tests, benchmarks and local stack see it:
// the module's root folder, where the Makefile, template.yaml, the site and infra/node_modules
// are, and free loopback ports for the servers they start.
package devenv

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Root is the module's root folder: two folders up from this file's place in the source tree,
// or, in a binary built with -trimpath, the first folder holding go.mod above the working
// directory. It panics if neither is found, which only a misplaced binary can cause.
func Root() string { return root() }

var root = sync.OnceValue(func() string {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	}
	dir, err := os.Getwd()
	if err != nil {
		panic("devenv: " + err.Error())
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("devenv: no go.mod above the working directory")
		}
		dir = parent
	}
})

// FreePort asks the kernel for a loopback port nobody is listening on.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
