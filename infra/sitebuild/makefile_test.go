package sitebuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// TestMakefileBuildsLikeTheTests keeps make site's Hugo release and flags equal to HugoVersion
// and Flags, so the site the tests check is the one that deploys.
func TestMakefileBuildsLikeTheTests(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	makefile := string(b)
	if want := "HUGO_VERSION := " + HugoVersion + "\n"; !strings.Contains(makefile, want) {
		t.Errorf("the Makefile's HUGO_VERSION differs from HugoVersion; want the line\n%s", want)
	}
	if want := "\t$(HUGO) --source site --destination public " + strings.Join(Flags, " ") + " --quiet\n"; !strings.Contains(makefile, want) {
		t.Errorf("the Makefile's site recipe differs from Flags; want the line\n%s", want)
	}
}
