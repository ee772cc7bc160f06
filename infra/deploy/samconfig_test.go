package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestFirstDeployAsksNothing runs samconfig.sh as the first make deploy does: given the required
// values it writes samconfig.toml with every answer sam deploy would otherwise ask for (so
// sam deploy asks nothing, not even about the API's open routes); without one of them it names
// what is missing and writes nothing; and it knows every parameter of template.yaml, requiring
// exactly those without a default.
func TestFirstDeployAsksNothing(t *testing.T) {
	script, err := filepath.Abs("samconfig.sh")
	if err != nil {
		t.Fatal(err)
	}
	run := func(env ...string) (string, string, error) {
		dir := t.TempDir()
		cmd := exec.Command("bash", script)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TABLE_NAME=mentoring", "SITE_URL=http://localhost:8080"}, env...)
		out, err := cmd.CombinedOutput()
		b, _ := os.ReadFile(filepath.Join(dir, "samconfig.toml"))
		return string(out), string(b), err
	}
	out, conf, err := run("EMAIL_FROM=mentoring@example.org", "ALARM_EMAIL=liaison@example.org",
		"STAFF_EMAILS=liaison@example.org,chair@example.org", "BACKUP_COPY_VAULT_ARN=arn:aws:backup:us-west-2:123456789012:backup-vault:copy",
		"MONTHLY_BUDGET=40")
	if err != nil {
		t.Fatalf("samconfig.sh: %v\n%s", err, out)
	}
	for _, want := range []string{
		"\n[default.deploy.parameters]\nstack_name = \"alsc-mentoring\"\nregion = \"us-east-1\"\nresolve_s3 = true\n" +
			"s3_prefix = \"alsc-mentoring\"\ncapabilities = \"CAPABILITY_IAM\"\nconfirm_changeset = false\nfail_on_empty_changeset = false\n" +
			`parameter_overrides = "EmailFrom=\"mentoring@example.org\" AlarmEmail=\"liaison@example.org\" ` +
			`StaffEmails=\"liaison@example.org,chair@example.org\" BackupCopyVaultArn=\"arn:aws:backup:us-west-2:123456789012:backup-vault:copy\" ` +
			`MonthlyBudget=\"40\""` + "\n",
	} {
		if !strings.HasSuffix(conf, want) {
			t.Errorf("samconfig.toml:\n%s\nwant it to end with\n%s", conf, want)
		}
	}

	out, conf, err = run("EMAIL_FROM=mentoring@example.org", "ALARM_EMAIL=liaison@example.org")
	if code := exitCode(err); code != 2 || conf != "" || !strings.Contains(out, "The first deploy needs: STAFF_EMAILS BACKUP_COPY_VAULT_ARN.") {
		t.Errorf("without two values: exit %d, samconfig.toml %q, said:\n%s", code, conf, out)
	}

	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^([A-Za-z]+) (\S+) (required|optional|later)$`).FindAllStringSubmatch(string(b), -1) {
		known[m[1]] = m[3]
	}
	var tpl struct {
		Parameters map[string]struct{ Default *any }
	}
	samtemplate.Load(t, &tpl)
	for name, p := range tpl.Parameters {
		want := []string{"optional", "later"}
		if p.Default == nil {
			want = []string{"required"}
		}
		if !slices.Contains(want, known[name]) {
			t.Errorf("samconfig.sh has %s as %q, want one of %v", name, known[name], want)
		}
	}
	if len(known) != len(tpl.Parameters) {
		t.Errorf("samconfig.sh knows %d parameters, template.yaml has %d", len(known), len(tpl.Parameters))
	}
}

func exitCode(err error) int {
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	return 0
}
