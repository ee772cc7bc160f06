package emulator

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// forbiddenDeps are packages no deployable function may link, and why.
var forbiddenDeps = map[string]string{
	"text/template":                       "its calls of methods by name at run time keep the linker from dropping any exported method",
	"html/template":                       "as text/template",
	"github.com/aws/aws-sdk-go-v2/config": "Lambda gives credentials in environment variables; package lambdaenv reads them",
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
