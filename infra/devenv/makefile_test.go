package devenv_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/emulator"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
)

// TestMakefileBuildsLikeTheTests keeps the Makefile's build settings equal to those the tests
// and benchmarks use, so what they check is what deploys: make build's LAMBDA_FLAGS and
// emulator.LambdaFlags, make site's Hugo release and flags and sitebuild's.
func TestMakefileBuildsLikeTheTests(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	lambda := strings.NewReplacer("-ldflags=-s -w", "-ldflags='-s -w'").Replace(strings.Join(emulator.LambdaFlags, " "))
	for _, c := range []struct{ what, line string }{
		{"LAMBDA_FLAGS and emulator.LambdaFlags", "LAMBDA_FLAGS := " + lambda + "\n"},
		{"HUGO_VERSION and sitebuild.HugoVersion", "HUGO_VERSION := " + sitebuild.HugoVersion + "\n"},
		{"make site's flags and sitebuild.Flags", "\t$(HUGO) --source site --destination public " + strings.Join(sitebuild.Flags, " ") + " --quiet\n"},
	} {
		if !strings.Contains(string(b), c.line) {
			t.Errorf("the Makefile's %s differ; want the line\n%s", c.what, c.line)
		}
	}
}
