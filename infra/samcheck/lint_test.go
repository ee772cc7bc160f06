package samcheck_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// makeVar is a variable the Makefile sets with NAME := value.
func makeVar(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + ` := (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("the Makefile sets no %s", name)
	}
	return string(m[1])
}

// variant writes template.yaml, with old replaced by new, into a temporary folder.
func variant(t *testing.T, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(samtemplate.Path())
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), old, new, 1)
	if s == string(b) {
		t.Fatalf("template.yaml has no %q to change", old)
	}
	p := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCfnLint runs cfn-lint, the CloudFormation linter, on template.yaml: no error and no
// warning. It catches what the checks of this package leave to it (a dependency cycle, a runtime
// Lambda does not offer, as the two variants show). Its version is the Makefile's
// CFN_LINT_VERSION, which .ci/run installs.
func TestCfnLint(t *testing.T) {
	want := makeVar(t, "CFN_LINT_VERSION")
	out, err := exec.Command("cfn-lint", "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("cfn-lint is needed (pip install cfn-lint==%s): %v", want, err)
	}
	if got := strings.TrimSpace(string(out)); got != "cfn-lint "+want {
		t.Fatalf("%s installed, want cfn-lint %s (pip install cfn-lint==%s)", got, want, want)
	}
	variants := []struct{ what, old, new, finding, path string }{
		{what: "a dependency cycle", old: "  ApplyLogs:\n    Type: AWS::Logs::LogGroup\n",
			new: "  ApplyLogs:\n    Type: AWS::Logs::LogGroup\n    DependsOn: ApplyFunction\n", finding: "E3004:Circular Dependencies"},
		{what: "an unknown runtime", old: "    Runtime: provided.al2023\n", new: "    Runtime: provided.al2099\n", finding: "E3030:'provided.al2099'"},
	}
	args := []string{"--format", "parseable", "--", samtemplate.Path()}
	for i := range variants {
		variants[i].path = variant(t, variants[i].old, variants[i].new)
		args = append(args, variants[i].path)
	}
	// One run for all (cfn-lint's start-up is most of its time): a line per finding, path first.
	out, err = exec.Command("cfn-lint", args...).CombinedOutput()
	if _, failed := err.(*exec.ExitError); err != nil && !failed {
		t.Fatal(err)
	}
	findings := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, _, ok := strings.Cut(line, ":"); ok {
			findings[path] = append(findings[path], line)
		}
	}
	if f := findings[samtemplate.Path()]; len(f) > 0 {
		t.Errorf("cfn-lint on template.yaml:\n%s", strings.Join(f, "\n"))
	}
	for _, v := range variants {
		if f := strings.Join(findings[v.path], "\n"); !strings.Contains(f, v.finding) {
			t.Errorf("cfn-lint on a template with %s: want %q, got:\n%s", v.what, v.finding, f)
		}
	}
}

// TestTrivy runs Trivy's CloudFormation checks on template.yaml: no finding. Each accepted
// finding is suppressed beside its own resource, with its reason (a "# trivy:ignore:ID reason"
// line just above the resource), so a new resource with the same finding fails, as the variant
// with one more queue shows.
func TestTrivy(t *testing.T) {
	trivy := filepath.Join(devenv.Root(), ".bin", "trivy-"+makeVar(t, "TRIVY_VERSION"))
	if _, err := os.Stat(trivy); err != nil {
		t.Fatalf("no Trivy at %s (make test builds it): %v", trivy, err)
	}
	scan := func(path string) (string, bool) {
		cmd := exec.Command(trivy, "config", "--quiet", "--skip-check-update", "--exit-code", "1", "--format", "json", path)
		cmd.Dir = filepath.Dir(path) // no .trivyignore file is read from elsewhere
		out, err := cmd.CombinedOutput()
		if _, failed := err.(*exec.ExitError); err != nil && !failed {
			t.Fatal(err)
		}
		return string(out), err == nil
	}
	if out, ok := scan(samtemplate.Path()); !ok {
		t.Errorf("Trivy on template.yaml:\n%s", out)
	}
	more := variant(t, "\nResources:\n", "\nResources:\n  OneMoreQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: true\n\n")
	b, err := os.ReadFile(more)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(b[:strings.Index(string(b), "  OneMoreQueue:")]), "\n") + 1
	if out, ok := scan(more); ok || !strings.Contains(out, `"ID": "AWS-0096"`) || !strings.Contains(out, fmt.Sprintf(`"Resource": "template.yaml:%d-`, line)) {
		t.Errorf("the new queue's finding AWS-0096 (line %d) was not reported:\n%s", line, out)
	}

	f, err := os.Open(samtemplate.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ignore := regexp.MustCompile(`^  # trivy:ignore:(AWS-\d{4})(.*)$`)
	resource := regexp.MustCompile(`^  [A-Za-z0-9]+:$`)
	var pending []string
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		if m := ignore.FindStringSubmatch(line); m != nil {
			if len(strings.Fields(m[2])) < 5 {
				t.Errorf("%s is suppressed without its reason: %q", m[1], line)
			}
			pending = append(pending, m[1])
			n++
			continue
		}
		if strings.Contains(line, "trivy:") {
			t.Errorf("a Trivy comment not of the form \"  # trivy:ignore:ID reason\": %q", line)
		}
		if len(pending) > 0 && !resource.MatchString(line) {
			t.Errorf("%v not just above a resource but above %q", pending, line)
		}
		pending = nil
	}
	if n == 0 {
		t.Error("no suppression found: has their form changed?")
	}
}
