package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/match/matchtest"
)

// mustBuild builds the matcher command once per test binary run.
func mustBuild(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "matcher")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the built command and returns stdout, stderr and the exit status.
func run(tb testing.TB, bin string, stdin []byte, args ...string) (string, string, int) {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	return runCmd(tb, cmd)
}

// runCmd runs cmd and returns stdout, stderr and the exit status.
func runCmd(tb testing.TB, cmd *exec.Cmd) (string, string, int) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return stdout.String(), stderr.String(), 0
	case errors.As(err, &exit):
		return stdout.String(), stderr.String(), exit.ExitCode()
	}
	tb.Fatalf("run %s: %v", cmd.Path, err)
	return "", "", 0
}

func TestCommand(t *testing.T) {
	bin := mustBuild(t)

	t.Run("valid instances", func(t *testing.T) {
		for _, name := range []string{"contract", "coverage", "quality"} {
			t.Run(name, func(t *testing.T) {
				file := filepath.Join("testdata", name+".json")
				stdout, stderr, code := run(t, bin, nil, "-instance", file)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				checkOptimal(t, file, stdout)
			})
		}
	})

	t.Run("contract example answer", func(t *testing.T) {
		stdout, _, _ := run(t, bin, nil, "-instance", "testdata/contract.json")
		want := `{"pairs":[{"mentor":"m1","mentee":"e1","weight":0.7}],"matched":1,"total":0.7,"unmatched":[]}`
		if strings.TrimSpace(stdout) != want {
			t.Fatalf("got %s, want %s", stdout, want)
		}
	})

	t.Run("standard input", func(t *testing.T) {
		in, err := os.ReadFile("testdata/coverage.json")
		if err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := run(t, bin, in, "-instance", "-")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		checkOptimal(t, "testdata/coverage.json", stdout)
	})

	malformed := map[string]string{
		"bad-json":          "bad JSON",
		"ragged":            `row 2 (mentee "e2") has 1 entries; want 2`,
		"negative-capacity": `mentor "m1" has capacity -1`,
		"nan":               "bad JSON: invalid character 'N'",
		"infinite":          "1e400 is not a finite number",
		"unknown-objective": `objective "greedy" is unknown`,
		"duplicate-id":      `mentee id "e1" appears more than once`,
		"empty-id":          "mentor 1 has an empty id",
	}
	for name, want := range malformed {
		t.Run("malformed/"+name, func(t *testing.T) {
			stdout, stderr, code := run(t, bin, nil, "-instance", filepath.Join("testdata", name+".json"))
			if code != 2 || !strings.Contains(stderr, want) || stdout != "" {
				t.Fatalf("exit %d, stderr %q, stdout %q; want exit 2 and a message containing %q", code, stderr, stdout, want)
			}
		})
	}

	t.Run("repeat reports each solve time", func(t *testing.T) {
		stdout, stderr, code := run(t, bin, nil, "-instance", "testdata/coverage.json", "-repeat", "3")
		var timings struct {
			Seconds []float64 `json:"solve_seconds"`
		}
		if code != 0 || json.Unmarshal([]byte(stderr), &timings) != nil || len(timings.Seconds) != 3 {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		checkOptimal(t, "testdata/coverage.json", stdout)
	})

	t.Run("no instance prints usage", func(t *testing.T) {
		_, stderr, code := run(t, bin, nil)
		if code != 2 || !strings.Contains(stderr, "usage: matcher -instance FILE") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})

	t.Run("missing file", func(t *testing.T) {
		_, stderr, code := run(t, bin, nil, "-instance", filepath.Join(t.TempDir(), "none.json"))
		if code != 1 || !strings.Contains(stderr, "no such file") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})
}

// checkOptimal compares the command's answer with an exhaustive search of the fixture.
func checkOptimal(t *testing.T, file, stdout string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := match.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var a match.Assignment
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("output %q: %v", stdout, err)
	}
	got, err := matchtest.Check(p, a)
	if err != nil {
		t.Fatal(err)
	}
	want := matchtest.Exhaustive(p)
	if matchtest.Better(p.Objective, want, got) || matchtest.Better(p.Objective, got, want) {
		t.Fatalf("got %+v, optimum is %+v", got, want)
	}
}
