package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// TestMakefileBuildsLikeTheTests keeps make build's flags equal to LambdaFlags, so the
// artefacts the tests and benchmarks run are the ones that deploy.
func TestMakefileBuildsLikeTheTests(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("-ldflags=-s -w", "-ldflags='-s -w'").Replace(strings.Join(LambdaFlags, " "))
	if !strings.Contains(string(b), "LAMBDA_FLAGS := "+want+"\n") {
		t.Errorf("the Makefile's LAMBDA_FLAGS differ from LambdaFlags; want the line\nLAMBDA_FLAGS := %s", want)
	}
}
