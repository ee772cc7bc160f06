package emulator

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// forbiddenDeps are packages no deployable function may link, and why.
var forbiddenDeps = map[string]string{
	"github.com/aws/aws-sdk-go-v2/config":               "Lambda gives credentials in environment variables; package lambdaenv reads them",
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds": "single sign-on is for people, not functions",
	"github.com/aws/aws-sdk-go-v2/service/sso":          "single sign-on is for people, not functions",
	"github.com/aws/aws-sdk-go-v2/service/ssooidc":      "single sign-on is for people, not functions",
}

// TestFunctionsLinkNoForbiddenPackage lists what each function links when built for Lambda as
// make build builds it (linux/arm64, its build tags) and checks none of forbiddenDeps is there.
func TestFunctionsLinkNoForbiddenPackage(t *testing.T) {
	mains, err := filepath.Glob(filepath.Join(devenv.Root(), "functions", "*", "main.go"))
	if err != nil || len(mains) == 0 {
		t.Fatalf("no functions/*/main.go (%v)", err)
	}
	for _, m := range mains {
		name := filepath.Base(filepath.Dir(m))
		t.Run(name, func(t *testing.T) {
			deps, err := Deps("./functions/"+name, "linux", "arm64")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(deps, "github.com/aws/aws-lambda-go/lambda") {
				t.Fatalf("the list of %s's packages lacks the Lambda runtime: %q", name, deps)
			}
			for _, d := range deps {
				if why, ok := forbiddenDeps[d]; ok {
					t.Errorf("%s links %s: %s", name, d, why)
				}
			}
		})
	}
}

// owingOnly are the functions that owe emails without sending any (the sender function sends
// them), and the packages of sending and rendering they must not link, which would make each
// cold start longer: the mail service's client and the Markdown renderer.
var owingOnly, sendingDeps = []string{"apply", "participants"}, []string{
	"github.com/aws/aws-sdk-go-v2/service/sesv2",
	"github.com/yuin/goldmark",
	"github.com/ala-alsc/mentoring/functions/internal/notify",
}

// TestFunctionsThatOweEmailsLinkNoSender checks that the functions which only owe emails link
// neither the mail service nor the renderer, and that the sender function, which does, is
// listed as linking them (so the check looks at real lists).
func TestFunctionsThatOweEmailsLinkNoSender(t *testing.T) {
	sender, err := Deps("./functions/sender", "linux", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sendingDeps {
		if !slices.Contains(sender, d) {
			t.Fatalf("the sender function's packages lack %s: the names checked below are out of date", d)
		}
	}
	for _, name := range owingOnly {
		deps, err := Deps("./functions/"+name, "linux", "arm64")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range sendingDeps {
			if slices.Contains(deps, d) {
				t.Errorf("%s links %s, which only the functions that send need", name, d)
			}
		}
	}
}

// executor is the symbol of text/template's executor (html/template's too). Its calls of methods
// by name at run time keep the linker from dropping any exported method: the participants
// function executing one html/template weighed 17.3 MB, 5.6 MB zipped. Linking the packages
// without executing a template (templ's runtime refers to html/template's types) costs little.
const executor = "text/template.(*Template).execute"

// TestFunctionsExecuteNoTextTemplate builds each function as make build does, but with its
// symbols, and checks that text/template's executor is not in it.
func TestFunctionsExecuteNoTextTemplate(t *testing.T) {
	mains, err := filepath.Glob(filepath.Join(devenv.Root(), "functions", "*", "main.go"))
	if err != nil || len(mains) == 0 {
		t.Fatalf("no functions/*/main.go (%v)", err)
	}
	dir := t.TempDir()
	for _, m := range mains {
		name := filepath.Base(filepath.Dir(m))
		t.Run(name, func(t *testing.T) {
			bin := filepath.Join(dir, name)
			var flags []string
			for _, f := range LambdaFlags {
				if !strings.HasPrefix(f, "-ldflags=") { // -s -w would drop the symbols looked for
					flags = append(flags, f)
				}
			}
			build := exec.Command("go", append(append([]string{"build"}, flags...), "-o", bin, "./functions/"+name)...)
			build.Dir = devenv.Root()
			build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			syms, err := exec.Command("go", "tool", "nm", bin).Output()
			if err != nil {
				t.Fatalf("go tool nm: %v", err)
			}
			if !strings.Contains(string(syms), " main.main\n") {
				t.Fatalf("the symbols of %s lack main.main: nothing was checked", name)
			}
			if strings.Contains(string(syms), " "+executor+"\n") {
				t.Errorf("%s links %s", name, executor)
			}
		})
	}
}
