// Command bench measures the figures the README reports, each beside its reference in the same
// run: `make bench`, or `go run ./infra/bench -only NAME` for one section.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// section is one table of figures; each file of this command registers its own in init.
type section struct {
	name string
	run  func() error
}

var sections []section

func register(name string, run func() error) { sections = append(sections, section{name, run}) }

func main() {
	only := flag.String("only", "", "run only the sections whose name contains this")
	flag.Parse()
	failed := false
	for _, s := range sections {
		if !strings.Contains(s.name, *only) {
			continue
		}
		fmt.Printf("\n## %s\n\n", s.name)
		if err := s.run(); err != nil {
			fmt.Fprintf(os.Stderr, "bench %s: %v\n", s.name, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}
