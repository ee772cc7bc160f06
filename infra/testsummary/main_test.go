package main

import (
	"strings"
	"testing"
)

const run = `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: got 2, want 3\n"}
{"Action":"fail","Package":"p","Test":"TestB","Elapsed":0.1}
{"Action":"run","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: BROWSER TESTS NOT RUN\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"--- SKIP: TestC (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestC","Elapsed":0}
{"Action":"fail","Package":"p","Elapsed":0.3}
{"Action":"pass","Package":"q","Elapsed":0.2}
`

func TestSummaryCountsAndNamesEveryOutcome(t *testing.T) {
	var out strings.Builder
	s, err := Summarise(strings.NewReader(run), &out)
	if err != nil {
		t.Fatal(err)
	}
	if s.Passed != 1 || s.Failed != 1 || s.Skipped != 1 || len(s.FailedPackages) != 1 {
		t.Errorf("summary %+v, want 1 passed, 1 failed, 1 skipped, 1 package failed", s)
	}
	got := out.String()
	for _, want := range []string{"--- FAIL p TestB\n    b_test.go:9: got 2, want 3", "SKIP p TestC: c_test.go:3: BROWSER TESTS NOT RUN",
		"FAIL p\t0.3s", "ok   q\t0.2s", "tests: 2 run (1 passed, 1 failed), 1 skipped; packages failed: 1\n", "\n1 passed, 2 failed\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, "1 passed, 2 failed\n") {
		t.Errorf("the report does not end with the count:\n%s", got)
	}
}

func TestBuildFailureIsCounted(t *testing.T) {
	var out strings.Builder
	s, err := Summarise(strings.NewReader(`{"ImportPath":"p [p.test]","Action":"build-output","Output":"x.go:1: syntax error\n"}
{"ImportPath":"p [p.test]","Action":"build-fail"}
{"Action":"fail","Package":"p","Elapsed":0,"FailedBuild":"p [p.test]"}
`), &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.FailedPackages) == 0 || !strings.Contains(out.String(), "syntax error") {
		t.Errorf("a build failure was not reported: %+v\n%s", s, out.String())
	}
}
