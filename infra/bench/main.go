// Command bench measures the figures docs/development.md reports, each beside its reference in
// the same run: `make bench`, or `go run ./infra/bench -only NAME` for one section.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
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

// median is the middle value of xs, or the mean of the two middle values for an even count.
func median[T int | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[n/2]
}
