package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// staffScript is the command the staff liaison runs, from the repository's root.
var staffScript = filepath.Join("..", "..", "staff", "matcher")

// staffStack is a table with the demo applications, and the settings the matcher runs with.
type staffStack struct {
	env     map[string]string
	reports string
	cycle   string
}

func newStaffStack(t *testing.T) *staffStack {
	t.Helper()
	if _, err := exec.LookPath("jq"); err != nil {
		t.Fatal("the staff command needs jq, which is not installed (Debian package jq)")
	}
	endpoint, table := dynalite.TestTable(t)
	ctx := context.Background()
	if err := store.EnsureTable(ctx, store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	cal := program.DefaultCalendar()
	cy := &cal.Cycles[0]
	if _, err := local.SeedDemo(ctx, store.New(store.Local(endpoint), table), cal, cy.Span().Opens); err != nil {
		t.Fatal(err)
	}
	s := &staffStack{reports: t.TempDir(), cycle: cy.ID}
	s.env = map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": endpoint, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "local",
		"AWS_SECRET_ACCESS_KEY": "local", "TABLE_NAME": table, "OUTBOX_DIR": t.TempDir(), "CALENDAR_FILE": "",
		"SITE_URL": "http://localhost:8080", "EMAIL_FROM": "mentoring@example.org", "STAFF_EMAILS": "liaison@example.org",
		"REPORTS_DIR": s.reports}
	return s
}

// run runs the staff command in dir with extra environment, as a person's shell would.
func runStaff(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	script, err := filepath.Abs(staffScript)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return runCmd(t, cmd)
}

// decline marks the first mentee row of the review spreadsheet declined, as a person would in a
// spreadsheet program, and saves it in dir as decisions.csv; it returns that mentee's name.
func decline(t *testing.T, review, dir string) string {
	t.Helper()
	b, err := os.ReadFile(review)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	role, decision, name := slices.Index(recs[0], "Role"), slices.Index(recs[0], "Decision"), slices.Index(recs[0], "Your name")
	var who string
	for _, r := range recs[1:] {
		if r[role] == "mentee" {
			r[decision], who = "decline", r[name]
			break
		}
	}
	var out bytes.Buffer
	if err := csv.NewWriter(&out).WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "decisions.csv"), out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return who
}

var proposalID = regexp.MustCompile(`proposal ([0-9a-f]{16})`)

// The staff command on the local stack: review, the spreadsheet back, a proposal, a commit, and
// a refusal, each answered in sentences.
func TestStaffCommandLocally(t *testing.T) {
	s := newStaffStack(t)
	var settings strings.Builder
	for k, v := range s.env {
		fmt.Fprintf(&settings, "%s='%s'\n", k, v)
	}
	envFile := filepath.Join(t.TempDir(), "local.env")
	if err := os.WriteFile(envFile, []byte(settings.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, env := t.TempDir(), []string{"LOCAL_ENV=" + envFile}
	staff := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := runStaff(t, dir, env, append([]string{"--local"}, args...)...)
		if code != 0 || strings.Contains(stdout, "{") {
			t.Fatalf("matcher %v: exit %d\n%s\n%s", args, code, stdout, stderr)
		}
		return stdout
	}
	script, err := filepath.Abs(staffScript)
	if err != nil {
		t.Fatal(err)
	}
	out := staff("review", s.cycle)
	review := filepath.Join(s.reports, s.cycle, "review.csv")
	if !strings.Contains(out, "applications, 0 waiting for a decision") || !strings.Contains(out, "  review.csv: "+review) {
		t.Fatalf("review said:\n%s", out)
	}
	who := decline(t, review, dir)
	out = staff("decisions", s.cycle, "decisions.csv")
	if !strings.HasPrefix(out, "Nothing is stored yet. Check the 1 change ") || !regexp.MustCompile(`\n  row \d+, `+who+`: accepted → declined\n`).MatchString(out) {
		t.Fatalf("decisions said:\n%s", out)
	}
	if !strings.HasSuffix(out, "Next, to store these changes and get a proposal: "+script+" --local decisions "+s.cycle+" decisions.csv confirm\n") {
		t.Fatalf("decisions did not say what comes next:\n%s", out)
	}
	out = staff("decisions", s.cycle, "decisions.csv", "confirm")
	id := proposalID.FindStringSubmatch(out)
	if !strings.HasPrefix(out, "Stored 1 change; made proposal ") || id == nil || !strings.Contains(out, "proposal-"+id[1]+".html: ") ||
		!strings.HasSuffix(out, "Next, to store this proposal's matches and send the emails listed: "+script+" --local commit "+s.cycle+" "+id[1]+"\n") {
		t.Fatalf("decisions confirmed said:\n%s", out)
	}
	out = staff("commit", s.cycle, id[1])
	if !strings.HasPrefix(out, "Committed proposal "+id[1]+": ") || !strings.Contains(out, "Written to:\n") || !strings.Contains(out, "  "+who+" (mentee): the application was declined\n") {
		t.Fatalf("commit said:\n%s", out)
	}
	var answer struct{ Matches int }
	if b, err := os.ReadFile(filepath.Join(dir, "matcher-commit.json")); err != nil || json.Unmarshal(b, &answer) != nil || answer.Matches == 0 {
		t.Fatalf("the whole answer was not kept: %v", err)
	}

	// A matched mentee whose pair sent nothing: staff are told why there is no certificate of
	// completion, then issue one by hand.
	var letters struct {
		Letters []struct{ Name, Role, Letter string }
	}
	if b, err := os.ReadFile(filepath.Join(dir, "matcher-commit.json")); err != nil || json.Unmarshal(b, &letters) != nil {
		t.Fatalf("the commit's answer: %v", err)
	}
	matched := ""
	for _, l := range letters.Letters {
		if l.Role == "mentee" && l.Name != who && matched == "" {
			matched = l.Name
		}
	}
	at := strings.ToLower(strings.ReplaceAll(matched, " ", ".")) + "@demo.example.org"
	out = staff("certificate", s.cycle, at)
	if !strings.HasPrefix(out, matched+" (mentee) has no certificate of completion. The ALSC office did not receive the pair's goals, the mid-point tracker and the wrap-up survey for "+matched+". Nothing is stored yet;") ||
		!strings.HasSuffix(out, "Next, to issue it by hand: "+script+" --local certificate "+s.cycle+" "+at+" confirm\n") {
		t.Fatalf("certificate said:\n%s", out)
	}
	out = staff("certificate", s.cycle, at, "confirm")
	if !strings.HasPrefix(out, matched+" (mentee) is issued a certificate of completion by hand. They can open it from their page from ") || strings.Contains(out, "Next,") {
		t.Fatalf("certificate confirmed said:\n%s", out)
	}

	// The declined mentee asks to be forgotten: first the list, then the deletion.
	address := strings.ToLower(strings.ReplaceAll(who, " ", ".")) + "@demo.example.org"
	out = staff("forget", s.cycle, address)
	if !strings.HasPrefix(out, "Nothing is deleted yet. Forgetting "+address+" in "+s.cycle+" deletes the 10 things listed.\n") ||
		!strings.Contains(out, "\n  - the mentee application of "+who+" ("+address+"), sent on ") ||
		!strings.Contains(out, "\n  - the staff file "+s.cycle+"/review.csv\n") || !strings.Contains(out, "\n  - 1 email to them in the local outbox\n") ||
		strings.Count(out, "\n  - ") != 10 || !strings.Contains(out, "\n  - the matcher's proposal of ") ||
		!strings.HasSuffix(out, "Next, to delete these: "+script+" --local forget "+s.cycle+" "+address+" confirm\n") {
		t.Fatalf("forget said:\n%s", out)
	}
	if _, err := os.Stat(review); err != nil {
		t.Fatalf("the dry run deleted the review spreadsheet: %v", err)
	}
	out = staff("forget", s.cycle, address, "confirm")
	if !strings.HasPrefix(out, address+" is forgotten in "+s.cycle+": the 10 things listed are deleted.\n") ||
		!strings.Contains(out, "\nNote: Once deleted, it can still be brought back from the table's point-in-time recovery for 35 days, until ") || strings.Contains(out, "Next,") {
		t.Fatalf("forget confirmed said:\n%s", out)
	}
	if _, err := os.Stat(review); !os.IsNotExist(err) {
		t.Errorf("the review spreadsheet naming them is still there: %v", err)
	}

	stdout, stderr, code := runStaff(t, dir, env, "--local", "commit", s.cycle, "0000000000000000")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "The matcher did not do this") || !strings.Contains(stderr, `no proposal "0000000000000000"`) ||
		strings.Contains(stderr, "exit status") {
		t.Fatalf("a refused commit: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, code := runStaff(t, dir, env, "--local", "shuffle", s.cycle); code != 2 {
		t.Fatalf("an unknown step: exit %d, want 2 and the usage", code)
	}
}

// In AWS the command reads the stack's outputs, uploads the spreadsheet to the staff bucket and
// invokes the function. The AWS CLI is not installed here, so a stand-in does its part: the
// function is the built matcher under the Lambda Runtime Interface Emulator, the bucket a folder.
// The season: review, the spreadsheet back, a proposal, its commit, a rematch request accepted,
// a rematch that pairs the one who asked first, its commit, and a refusal.
func TestStaffSeasonUnderTheEmulator(t *testing.T) {
	ctx := context.Background()
	s := newStaffStack(t)
	rie, bootstrap := emulator.MustBuild(t, "./functions/matcher")
	var env []string
	for k, v := range s.env {
		env = append(env, k+"="+v)
	}
	emu, err := emulator.Start(rie, bootstrap, env)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	bin, calls := t.TempDir(), filepath.Join(t.TempDir(), "calls")
	standIn := `#!/bin/sh
echo "$*" >> "` + calls + `"
case "$1 $2" in
"cloudformation describe-stacks")
	case "$*" in
	*MatcherFunction*) echo alsc-mentoring-MatcherFunction-X ;;
	*StaffBucketName*) echo alsc-mentoring-staffbucket-x ;;
	esac ;;
"s3 cp")
	if [ "$4" = --recursive ]; then
		src=$(echo "$5" | sed 's|^s3://alsc-mentoring-staffbucket-x/||')
		mkdir -p "$6" && cp -R "$REPORTS_DIR/$src." "$6"
		exit 0
	fi
	dest=$(echo "$5" | sed 's|^s3://alsc-mentoring-staffbucket-x/||')
	mkdir -p "$(dirname "$REPORTS_DIR/$dest")" && cp "$4" "$REPORTS_DIR/$dest" ;;
"lambda invoke")
	for out; do :; done
	payload=$(echo "$*" | sed 's/.*--payload \(.*\) --query.*/\1/')
	python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], sys.argv[2].encode()).read())' \
		"` + emu.URL + `" "$payload" > "$out" || exit 9
	if jq -e 'type == "object" and has("errorMessage")' "$out" > /dev/null; then echo Unhandled; else echo None; fi ;;
*) echo "unexpected: $*" >&2; exit 9 ;;
esac
`
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(standIn), 0o755); err != nil {
		t.Fatal(err)
	}
	env = append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "STACK=alsc-mentoring")
	dir := t.TempDir()
	staff := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := runStaff(t, dir, env, args...)
		if code != 0 {
			t.Fatalf("matcher %v: exit %d\n%s\n%s", args, code, stdout, stderr)
		}
		return stdout
	}
	if out := staff("review", s.cycle); !strings.Contains(out, "review.csv: ") {
		t.Fatalf("review said:\n%s", out)
	}
	who := decline(t, filepath.Join(s.reports, s.cycle, "review.csv"), dir)
	if out := staff("decisions", s.cycle, "decisions.csv"); !strings.Contains(out, who+": accepted → declined") {
		t.Fatalf("decisions said:\n%s", out)
	}
	id := proposalID.FindStringSubmatch(staff("decisions", s.cycle, "decisions.csv", "confirm"))
	if id == nil {
		t.Fatal("no proposal made from the spreadsheet")
	}
	if out := staff("commit", s.cycle, id[1]); !strings.Contains(out, "Written to:\n") || !strings.Contains(out, "  "+who+" (mentee): the application was declined\n") {
		t.Fatalf("commit said:\n%s", out)
	}

	// A mentee asks for a rematch; a new mentor has applied and been accepted since.
	st := store.New(store.Local(s.env["AWS_ENDPOINT_URL_DYNAMODB"]), s.env["TABLE_NAME"])
	matches, err := st.Matches(ctx, s.cycle)
	if err != nil || len(matches) == 0 {
		t.Fatalf("matches %v %v", matches, err)
	}
	mentees, err := st.Applications(ctx, s.cycle, forms.RoleMentee)
	if err != nil {
		t.Fatal(err)
	}
	var asked *store.Match // a match whose mentee requires nothing of a mentor
	for _, m := range matches {
		i := slices.IndexFunc(mentees, func(a *store.Application) bool { return a.ID == m.Mentee })
		if p := mentees[i].Form.Confidential(); asked == nil && p.GeoPreference != forms.PreferenceRequired &&
			p.GenderPreference != forms.PreferenceRequired && p.RacePreference != forms.PreferenceRequired {
			asked = m
		}
	}
	q := &store.RematchRequest{Cycle: s.cycle, Match: asked.Key(), Role: forms.RoleMentee, Reason: "Our hours never meet",
		Status: store.RematchSubmitted, CreatedAt: time.Now(), Expires: time.Now().AddDate(1, 0, 0)}
	if _, err := st.AddRematchRequest(ctx, q); err != nil {
		t.Fatal(err)
	}
	years := 20
	spare := &forms.Mentor{Person: forms.Person{Name: "Sam Spare", Email: "sam@example.org", Organisation: "Library", Position: "Librarian",
		City: "Peoria", Region: "IL", Country: "United States", TimeZone: forms.TimeZoneCentral}, ALSCMember: forms.Yes, Years: &years,
		Expertise: []forms.Competency{forms.CompetencyProgramming}, Capacity: 1,
		Contact:     forms.Contact{Communication: []forms.Mode{forms.ModeEmail}, InPerson: forms.InPersonNo},
		Preferences: forms.Preferences{GeoPreference: forms.PreferenceNone, GenderPreference: forms.PreferenceNone, RacePreference: forms.PreferenceNone, Consent: true}}
	if _, err := st.AddApplication(ctx, &store.Application{ID: "sam", Cycle: s.cycle, Role: forms.RoleMentor, Email: "sam@example.org",
		Status: store.StatusAccepted, SubmittedAt: time.Now(), Hash: forms.Hash(forms.RoleMentor, spare), Form: spare,
		Expires: time.Now().AddDate(1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	key := asked.Mentee + "#" + asked.Mentor + "#mentee"
	// Whatever today is, the request is treated as late or not by the staff's override ("late").
	staff("accept-rematch", s.cycle, key, "late")
	out := staff("rematch", s.cycle)
	re := proposalID.FindStringSubmatch(out)
	var answer struct {
		Review struct {
			Pairs []struct{ Mentor, Mentee string }
		}
		Ends []string
	}
	b, err := os.ReadFile(filepath.Join(dir, "matcher-rematch.json"))
	if err != nil || json.Unmarshal(b, &answer) != nil || re == nil {
		t.Fatalf("rematch said:\n%s (%v)", out, err)
	}
	if len(answer.Review.Pairs) == 0 || answer.Review.Pairs[0].Mentee != asked.Mentee || answer.Review.Pairs[0].Mentor == asked.Mentor ||
		!slices.Equal(answer.Ends, []string{asked.Key()}) {
		t.Fatalf("rematch said:\n%s\n%+v; want the mentee who asked with a new mentor, and her match ended", out, answer)
	}
	if out := staff("commit", s.cycle, re[1]); !strings.HasPrefix(out, "Committed proposal "+re[1]+": 1 match stored (1 new)") {
		t.Fatalf("rematch commit said:\n%s", out)
	}

	stdout, stderr, code := runStaff(t, dir, env, "commit", s.cycle, "0000000000000000")
	if code != 1 || stdout != "" || !strings.Contains(stderr, `no proposal \"0000000000000000\"`) && !strings.Contains(stderr, `no proposal "0000000000000000"`) {
		t.Fatalf("a refused commit: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The cycle's files, copied into CloudShell's folder of that name.
	if out := staff("download", s.cycle); !strings.Contains(out, "review.csv") || !strings.Contains(out, "Actions -> Download file") {
		t.Fatalf("download said:\n%s", out)
	}
	if got, err := os.ReadFile(filepath.Join(dir, s.cycle, "review.csv")); err != nil || len(got) == 0 {
		t.Fatalf("review.csv was not downloaded: %v", err)
	}
	b, err = os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`s3 cp --only-show-errors --recursive s3://alsc-mentoring-staffbucket-x/` + s.cycle + `/ ` + s.cycle + `/`,
		`s3 cp --only-show-errors decisions.csv s3://alsc-mentoring-staffbucket-x/` + s.cycle + `/decisions.csv`,
		`lambda invoke --function-name alsc-mentoring-MatcherFunction-X --cli-binary-format raw-in-base64-out --payload {"cycle":"` +
			s.cycle + `","mode":"decisions","file":"` + s.cycle + `/decisions.csv"} --query FunctionError --output text matcher-decisions.json`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the AWS CLI was not called with\n%s\ncalls:\n%s", want, b)
		}
	}
}
