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
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

func main() {
	instance := flag.String("instance", "", "solve the JSON instance in this file (- for standard input) and print the assignment")
	repeat := flag.Int("repeat", 1, "solve this many times and print the seconds each solve took to stderr as JSON")
	flag.Parse()
	if *instance == "" || flag.NArg() > 0 || *repeat < 1 {
		fmt.Fprintln(os.Stderr, "usage: matcher -instance FILE [-repeat N]   (FILE may be - for standard input)")
		os.Exit(2)
	}
	if err := solve(*instance, *repeat, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "matcher:", err)
		if errors.Is(err, match.ErrMalformed) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// solve reads the instance at path ("-" for stdin), solves it and writes the assignment to out;
// solving repeat times, it also writes {"solve_seconds": [...]} to timings, decoding excluded.
func solve(path string, repeat int, stdin io.Reader, out, timings io.Writer) error {
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
	var a match.Assignment
	seconds := make([]float64, repeat)
	for i := range seconds {
		start := time.Now()
		if a, err = match.Solve(p); err != nil {
			return err
		}
		seconds[i] = time.Since(start).Seconds()
	}
	if repeat > 1 {
		if err := json.NewEncoder(timings).Encode(map[string][]float64{"solve_seconds": seconds}); err != nil {
			return err
		}
	}
	return json.NewEncoder(out).Encode(a)
}
