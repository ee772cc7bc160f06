// Command testsummary reads `go test -json` on standard input and prints what a person needs:
// each package's result, the output of every failed test, every skipped test with its reason,
// and at the end a count of tests run, passed, failed and skipped, and the closing line
// "N passed, N failed". It exits with status 1 if any test or package failed (or nothing ran).
//
//	go test -json ./... | go run ./infra/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	Elapsed     float64
	ImportPath  string
	FailedBuild string
}

// Summary is what a run came to.
type Summary struct {
	Passed, Failed, Skipped int
	FailedPackages          []string
}

func main() {
	s, err := Summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if s.Failed > 0 || len(s.FailedPackages) > 0 || s.Passed+s.Failed == 0 {
		os.Exit(1)
	}
}

// Summarise reads the events from in and writes the report to out.
func Summarise(in io.Reader, out io.Writer) (Summary, error) {
	var s Summary
	outputs := map[string][]string{} // package + test → its output lines
	var skips []string
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line) // not an event: the go command's own output
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output", "build-output":
			if e.Test != "" || e.Action == "build-output" {
				outputs[key+e.ImportPath] = append(outputs[key+e.ImportPath], e.Output)
			} else if strings.HasPrefix(e.Output, "FAIL") || strings.HasPrefix(e.Output, "panic") {
				outputs[key] = append(outputs[key], e.Output)
			}
		case "build-fail":
			s.FailedPackages = append(s.FailedPackages, e.ImportPath)
			fmt.Fprintf(out, "BUILD FAILED %s\n%s", e.ImportPath, strings.Join(outputs[" "+e.ImportPath], ""))
		case "pass", "fail", "skip":
			if e.Test == "" {
				switch e.Action {
				case "pass":
					fmt.Fprintf(out, "ok   %s\t%.1fs\n", e.Package, e.Elapsed)
				case "skip":
					fmt.Fprintf(out, "---  %s\t(no tests)\n", e.Package)
				case "fail":
					if e.FailedBuild == "" { // a failed build is counted once, by its build-fail
						s.FailedPackages = append(s.FailedPackages, e.Package)
					}
					fmt.Fprintf(out, "FAIL %s\t%.1fs\n%s", e.Package, e.Elapsed, strings.Join(outputs[key], ""))
				}
				continue
			}
			switch e.Action {
			case "pass":
				s.Passed++
			case "fail":
				s.Failed++
				fmt.Fprintf(out, "--- FAIL %s %s\n%s", e.Package, e.Test, strings.Join(outputs[key], ""))
			case "skip":
				s.Skipped++
				reason := ""
				for _, o := range outputs[key] {
					if t := strings.TrimSpace(o); t != "" && !strings.HasPrefix(t, "=== ") && !strings.HasPrefix(t, "--- SKIP") {
						reason = t
					}
				}
				skips = append(skips, fmt.Sprintf("SKIP %s %s: %s", e.Package, e.Test, reason))
			}
			delete(outputs, key)
		}
	}
	if err := sc.Err(); err != nil {
		return s, err
	}
	sort.Strings(skips)
	for _, l := range skips {
		fmt.Fprintln(out, l)
	}
	fmt.Fprintf(out, "tests: %d run (%d passed, %d failed), %d skipped; packages failed: %d\n",
		s.Passed+s.Failed, s.Passed, s.Failed, s.Skipped, len(s.FailedPackages))
	fmt.Fprintf(out, "%d passed, %d failed\n", s.Passed, s.Failed+len(s.FailedPackages))
	return s, nil
}
