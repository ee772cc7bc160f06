package emulator

import (
	"github.com/ala-alsc/mentoring/infra/devenv"
	"os/exec"
	"strings"
	"testing"
)

// TestSAMBuildsLikeMakeBuild checks that make deploy hands sam build the flags of LambdaFlags
// through GOFLAGS, whose entries hold no spaces: -ldflags=-s stands for "-s -w", which Go
// 1.22 and later make equal.
func TestSAMBuildsLikeMakeBuild(t *testing.T) {
	root := devenv.Root()
	cmd := exec.Command("make", "-n", "deploy")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n deploy: %v\n%s", err, out)
	}
	want := `GOFLAGS="` + strings.ReplaceAll(strings.Join(LambdaFlags, " "), "-ldflags=-s -w", "-ldflags=-s") + `" CGO_ENABLED=0 sam build`
	if !strings.Contains(string(out), want) {
		t.Errorf("make deploy does not run\n%s\nit runs:\n%s", want, out)
	}
}
