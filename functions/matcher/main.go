// Command matcher pairs mentors with mentees. Run as a command, `matcher -instance FILE` solves
// the JSON instance in FILE (or standard input for "-") and prints the optimal assignment as JSON.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

func main() {
	instance := flag.String("instance", "", "solve the JSON instance in this file (- for standard input) and print the assignment")
	flag.Parse()
	if *instance == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: matcher -instance FILE   (FILE may be - for standard input)")
		os.Exit(2)
	}
	if err := solve(*instance, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "matcher:", err)
		if errors.Is(err, match.ErrMalformed) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// solve reads the instance at path ("-" for stdin), solves it and writes the assignment to out.
func solve(path string, stdin io.Reader, out io.Writer) error {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	p, err := match.Decode(in)
	if err != nil {
		return err
	}
	a, err := match.Solve(p)
	if err != nil {
		return err
	}
	return json.NewEncoder(out).Encode(a)
}
