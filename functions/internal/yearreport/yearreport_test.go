package yearreport_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/cohorttest"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/yearreport"
)

const injection = `=HYPERLINK("http://evil.example","click")`

// year fills the demo cohort's year: goals (one pair late, one none), a tracker, a withdrawal
// and a rematch request with confidential reasons, check-ins, and surveys from the first
// `surveys` pairs (both people), the first of which writes a formula and a partner's name.
func year(t *testing.T, surveys int) (*cohorttest.Cohort, time.Time) {
	t.Helper()
	c := cohorttest.Matched(t)
	cy, m := c.Cycle, c.Matches
	type story struct {
		text    string
		consent forms.StoryConsent
	}
	// Pair 6's mentee shares a story with her name, pair 1's mentee one without it (naming his
	// mentor), pair 5's mentee one for the office only.
	stories := map[int]map[forms.Role]story{
		6: {forms.RoleMentee: {"Our family night drew forty people.", forms.StoryNamed}},
		1: {forms.RoleMentee: {c.Names[m[1].Mentor] + " showed me how to run a board meeting.", forms.StoryAnonymous}},
		5: {forms.RoleMentee: {"SECRET-STORY", forms.StoryPrivate}},
	}
	goals := cy.Window(program.Goals)
	for i := 1; i < len(m); i++ {
		at := goals.Opens.Add(48 * time.Hour)
		if i == 1 {
			at = goals.Closes.Add(48 * time.Hour)
		}
		c.Add(t, m[i], store.KindGoals, forms.RoleMentee, at, &forms.Goals{Goal1: "Plan a story time", Objectives1: []string{"skills"},
			Measure1: "It runs"}, 1)
	}
	work := cy.Window(program.Work).Opens.Add(72 * time.Hour)
	c.Add(t, m[2], store.KindCheckIn, forms.RoleMentor, work, &forms.CheckIn{HowGoing: forms.HowNeedHelp}, 202612)
	c.Add(t, m[3], store.KindWithdrawal, forms.RoleMentee, work, &forms.Withdrawal{Reason: "SECRET-WITHDRAWAL", Confirm: true}, 0)
	life, err := lifecycle.Load(context.Background(), c.Store, cy, work)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := life.Withdraw(context.Background(), c.Store, m[3].Mentee, work); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Store.AddRematchRequest(context.Background(), &store.RematchRequest{Cycle: cy.ID, Match: m[4].Key(),
		Role: forms.RoleMentor, Reason: "SECRET-REMATCH", Status: store.RematchSubmitted, CreatedAt: work, Expires: cy.Expiry()}); err != nil {
		t.Fatal(err)
	}
	c.Add(t, m[5], store.KindTracker, forms.RoleMentor, cy.Window(program.Tracker).Opens.Add(24*time.Hour), &forms.Tracker{
		Progress1: forms.ProgressUnderWay, Note1: "Two story times held; a family night next", Contact: forms.ContactWeekly,
		Working: "Weekly calls", CallMe: forms.Yes}, 0)
	survey := cy.Window(program.Survey).Opens.Add(24 * time.Hour)
	n := 0
	for i := 0; i < len(m) && n < surveys; i++ {
		if i == 3 {
			continue // a withdrawal
		}
		n++
		for _, role := range forms.Roles {
			worked := "SECRET-WORKED-" + string(role)
			if i == 0 && role == forms.RoleMentee {
				worked = injection + " and " + c.Names[m[i].Mentor] + " was kind"
			}
			// Every mentee lets the certificates name the partner; the first pair's mentor does not,
			// and the other mentors do not answer.
			names := forms.Yes
			if role == forms.RoleMentor {
				names = map[bool]forms.YesNo{true: forms.No}[i == 0]
			}
			c.Add(t, m[i], store.KindSurvey, role, survey, &forms.Survey{Worked: worked, NotWorked: "SECRET-NOT-" + string(role),
				RatingOverall: forms.Rating5, RatingMatch: forms.Rating4, RatingSupport: forms.Rating3, Objectives: []string{"skills"},
				Again: forms.AgainEither, Story: stories[i][role].text, StoryConsent: stories[i][role].consent, PartnerOnCertificate: names}, 0)
		}
	}
	return c, cy.Span().Closes.Add(-time.Hour)
}

func write(t *testing.T, c *cohorttest.Cohort, now time.Time) (string, map[string]string) {
	t.Helper()
	d, err := yearreport.Load(context.Background(), c.Store, c.Calendar, c.Cycle, now)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	links, err := yearreport.Write(context.Background(), report.Folder{Dir: dir}, d)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, l := range links {
		b, err := os.ReadFile(l.Link)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(l.Link) != filepath.Join(dir, c.Cycle.ID) {
			t.Errorf("%s is not in the cycle's folder", l.Link)
		}
		files[l.Name] = string(b)
	}
	return dir, files
}

// table reads a CSV export back as a spreadsheet program would, by column name.
func table(t *testing.T, file string) []map[string]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(file, "\ufeff")))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

func TestTheReportsOfAYear(t *testing.T) {
	c, now := year(t, 6)
	_, files := write(t, c, now)
	for _, name := range []string{"season-report.html", "final-report-draft.html", "final-report-draft.md", "applications.csv",
		"matches.csv", "goals.csv", "trackers.csv", "surveys.csv", "checkins.csv", "requests.csv"} {
		if files[name] == "" {
			t.Errorf("no %s", name)
		}
	}

	apps := table(t, files["applications.csv"])
	if len(apps) != len(c.Emails) {
		t.Errorf("%d applications exported, want %d", len(apps), len(c.Emails))
	}
	for _, a := range apps {
		// Worked out from the cohort: in a match still going, matched; the mentee who left, left
		// the program; her mentor, matched or needing a new partner; nobody's partner, accepted.
		want := "accepted"
		for i, m := range c.Matches {
			switch {
			case a["id"] == c.Matches[3].Mentee:
				want = "left the program"
			case i != 3 && (a["id"] == m.Mentor || a["id"] == m.Mentee):
				want = "matched"
			case i == 3 && a["id"] == m.Mentor && want == "accepted":
				want = "needs a new partner"
			}
		}
		if a["status"] != want || a["email"] == "" || a["name"] == "" {
			t.Errorf("application row %v, want the status %q", a, want)
		}
	}
	if strings.Contains(files["applications.csv"], string(forms.GenderNonbinary)) || strings.Contains(files["applications.csv"], "gender") {
		t.Error("the applications export holds confidential preferences")
	}
	if n := len(table(t, files["matches.csv"])); n != len(c.Matches) {
		t.Errorf("%d matches exported, want %d", n, len(c.Matches))
	}
	goals := table(t, files["goals.csv"])
	late := 0
	for _, g := range goals {
		if g["late"] == "yes" {
			late++
		}
		if g["objectives"] != "Skills and confidence" {
			t.Errorf("objectives exported as %q, want their labels", g["objectives"])
		}
	}
	if len(goals) != len(c.Matches)-1 || late != 1 {
		t.Errorf("%d goals rows (%d late)", len(goals), late)
	}
	surveys := table(t, files["surveys.csv"])
	if len(surveys) != 12 {
		t.Errorf("%d survey rows, want 12", len(surveys))
	}
	injected := false
	for _, s := range surveys {
		injected = injected || strings.HasPrefix(s["what worked"], "'"+injection)
		if strings.HasPrefix(s["what worked"], "=") {
			t.Errorf("a cell begins with = : %q", s["what worked"])
		}
	}
	if !injected {
		t.Error("the formula in a survey answer is not kept, neutralised")
	}
	reasons := map[string]bool{}
	for _, r := range table(t, files["requests.csv"]) {
		reasons[r["kind"]+" "+r["reason"]] = true
	}
	if !reasons["withdrawal SECRET-WITHDRAWAL"] || !reasons["rematch SECRET-REMATCH"] {
		t.Errorf("requests exported: %v", reasons)
	}
	if rows := table(t, files["trackers.csv"]); len(rows) != 1 || rows[0]["goal 1 progress"] != "Under way" ||
		rows[0]["goal 1 note"] != "Two story times held; a family night next" || rows[0]["goal 2 progress"] != "" || rows[0]["goal 2 note"] != "" ||
		rows[0]["what is working"] != "Weekly calls" {
		t.Errorf("trackers exported: %v", rows)
	}
	if rows := table(t, files["checkins.csv"]); len(rows) != 1 || rows[0]["answer"] != "We need help" || rows[0]["month"] != "December 2026" {
		t.Errorf("check-ins exported: %v", rows)
	}

	season := files["season-report.html"]
	for _, want := range []string{"<svg", "Goals of the pairs working together", "on time: " + strconv.Itoa(len(c.Matches)-3), "late: 1",
		"not received: 1", "We need help: 1", "tracker: please get in touch: 1", "rematch requests waiting for review"} {
		if !strings.Contains(season, want) {
			t.Errorf("the season report lacks %q", want)
		}
	}
	for _, name := range c.Names {
		if strings.Contains(season, name) {
			t.Errorf("the season report names %s", name)
		}
	}

	final := files["final-report-draft.html"]
	for _, want := range []string{"Response rate", "The year in the program overall (everyone)", "Would they take part again?",
		"SECRET-NOT", "[name] was kind"} {
		if !strings.Contains(final+files["final-report-draft.md"], want) {
			t.Errorf("the final report draft lacks %q", want)
		}
	}
	if !strings.Contains(final, "The year in the program overall (mentor)") || !strings.Contains(final, "The year in the program overall (mentee)") {
		t.Error("with six answers in each role the draft does not show the roles apart")
	}
	for _, bad := range []string{c.Names[c.Matches[0].Mentor], "<script", `href="`, "SECRET-WITHDRAWAL", "SECRET-REMATCH", "Weekly calls"} {
		if strings.Contains(final, bad) {
			t.Errorf("the final report draft holds %q", bad)
		}
	}
	for _, page := range []string{season, final} {
		if strings.Contains(strings.ToLower(page), "<script") || !strings.Contains(page, "@media print") {
			t.Error("a page has a script or no print styles")
		}
	}
}

// TestTheFinalReportFoldsGroupsUnderFive writes the draft with answers from fewer than five
// people: it shows the response rates and nothing that could point to a person.
func TestTheFinalReportFoldsGroupsUnderFive(t *testing.T) {
	c, now := year(t, 2) // four people
	_, files := write(t, c, now)
	final := files["final-report-draft.html"] + files["final-report-draft.md"]
	if !strings.Contains(final, "Fewer than 5 people answered") {
		t.Errorf("the draft does not say why it shows nothing:\n%s", final)
	}
	for _, bad := range []string{"SECRET", "HYPERLINK", "Ratings", "<svg", "kind"} {
		if strings.Contains(final, bad) {
			t.Errorf("the draft shows %q from a group under five", bad)
		}
	}
	if !bytes.Contains([]byte(final), []byte("Response rate")) {
		t.Error("no response rates")
	}
}

// The final draft quotes stories only as their authors allowed, with every name in them taken out;
// the export lists each story with its consent.
func TestStoriesAreQuotedOnlyAsAllowed(t *testing.T) {
	c, now := year(t, 6)
	_, files := write(t, c, now)
	draft := files["final-report-draft.md"]
	m := c.Matches
	named := "> “Our family night drew forty people.” — " + c.Names[m[6].Mentee] + ", mentee"
	anonymous := "> “[name] showed me how to run a board meeting.” — a mentee"
	for _, want := range []string{"## Stories of the year", named, anonymous, "1 more story was shared for the ALSC office only, and is not quoted here."} {
		if !strings.Contains(draft, want) {
			t.Errorf("the draft lacks %q:\n%s", want, draft)
		}
	}
	if strings.Contains(draft, "SECRET-STORY") || strings.Contains(draft, c.Names[m[1].Mentee]) {
		t.Error("the draft quotes a private story or names the author of an anonymous one")
	}
	consent := map[string]string{}
	for _, row := range table(t, files["surveys.csv"]) {
		if row["story"] != "" {
			consent[row["story"]] = row["story may be quoted"]
		}
	}
	want := map[string]string{"Our family night drew forty people.": "Yes, with my name",
		c.Names[m[1].Mentor] + " showed me how to run a board meeting.": "Yes, without my name",
		"SECRET-STORY": "No: it is for the ALSC office only"}
	if !maps.Equal(consent, want) {
		t.Errorf("the export's stories: %v, want %v", consent, want)
	}
	// Beside each survey, its answer about the certificate's names: no answer is no.
	names := map[string]int{}
	for _, row := range table(t, files["surveys.csv"]) {
		names[row["role"]+": "+row["certificate may name the partner"]]++
	}
	if want := map[string]int{"mentee: Yes": 6, "mentor: No": 1, "mentor: No answer (not named)": 5}; !maps.Equal(names, want) {
		t.Errorf("the export's answers about the certificate's names: %v, want %v", names, want)
	}
}

// The season report counts, for each month, the pairs together through it and those in touch at
// least twice, as the program asks.
func TestTheSeasonReportCountsContactAgainstTheGuideline(t *testing.T) {
	c, _ := year(t, 0)
	m := c.Matches
	for _, day := range []int{20261203, 20261217} { // pair 1: twice in December
		c.Add(t, m[1], store.KindContact, forms.RoleMentee, time.Date(day/10000, time.Month(day/100%100), day%100, 15, 0, 0, 0, time.UTC),
			&forms.InTouch{InTouch: true}, day)
	}
	c.Add(t, m[2], store.KindContact, forms.RoleMentor, time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC), &forms.InTouch{InTouch: true}, 20261209)
	_, files := write(t, c, time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC))
	stored, err := c.Store.Matches(context.Background(), c.Cycle.ID) // as they stand now: one ended by a withdrawal
	if err != nil {
		t.Fatal(err)
	}
	together := 0
	for _, mt := range stored {
		if !mt.Ended || !mt.EndedAt.Before(time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC)) {
			together++
		}
	}
	page := files["season-report.html"]
	want := fmt.Sprintf(`<td>December 2026</td>\s*<td>%d</td>\s*<td>1</td>\s*<td>%d%%</td>`, together, 100/together)
	if !strings.Contains(page, "Contact between partners") || !regexp.MustCompile(want).MatchString(page) {
		t.Errorf("the season report lacks the December row %q:\n%s", want, page)
	}
	if !strings.Contains(page, "<td>January 2027</td>") || strings.Contains(page, "<td>February 2027</td>") {
		t.Error("the contact table does not run from the start of the work to this month")
	}
	var days []string
	for _, row := range table(t, files["contacts.csv"]) {
		days = append(days, row["pair"]+": "+row["day"]+" by "+row["recorded by"])
	}
	pair := func(mt *store.Match) string { return c.Names[mt.Mentee] + " with " + c.Names[mt.Mentor] }
	wantDays := []string{pair(m[1]) + ": December 3, 2026 by " + c.Names[m[1].Mentee] + " (mentee)",
		pair(m[1]) + ": December 17, 2026 by " + c.Names[m[1].Mentee] + " (mentee)",
		pair(m[2]) + ": December 9, 2026 by " + c.Names[m[2].Mentor] + " (mentor)"}
	if !slices.Equal(days, wantDays) {
		t.Errorf("contacts.csv: %q, want %q", days, wantDays)
	}
}

// TestTheCertificatesExport lists everyone matched with their certificate by the lifecycle's
// rule: only the pair that sent goals, the tracker and both surveys has them; a withdrawal has
// none until staff issue one by hand; each "no" says why.
func TestTheCertificatesExport(t *testing.T) {
	c, now := year(t, 6)
	m := c.Matches
	life, err := lifecycle.Load(context.Background(), c.Store, c.Cycle, now)
	if err != nil {
		t.Fatal(err)
	}
	rows := func() map[string]map[string]string {
		_, files := write(t, c, now)
		out := map[string]map[string]string{}
		for _, r := range table(t, files["certificates.csv"]) {
			out[r["id"]] = r
		}
		return out
	}
	got := rows()
	var yes []string
	for id, r := range got {
		if r["certificate"] == "yes" {
			yes = append(yes, c.Names[id])
		}
	}
	slices.Sort(yes)
	want := []string{c.Names[m[5].Mentee], c.Names[m[5].Mentor]}
	slices.Sort(want)
	if !slices.Equal(yes, want) {
		t.Errorf("certificates for %q, want only the pair that sent everything, %q", yes, want)
	}
	if r := got[m[5].Mentee]; r["how"] != "by the rule" || r["why not"] != "" {
		t.Errorf("the pair that sent everything: %v", r)
	}
	if r := got[m[2].Mentee]; r["certificate"] != "no" || r["why not"] != "The ALSC office did not receive the mid-point tracker for "+c.Names[m[2].Mentee]+"." {
		t.Errorf("the pair without a tracker: %v", r)
	}
	left := m[3].Mentee
	if r := got[left]; r["certificate"] != "no" || !strings.Contains(r["why not"], "left the program") {
		t.Errorf("the person who left: %v", r)
	}
	if err := life.IssueCertificate(context.Background(), c.Store, left, now); err != nil {
		t.Fatal(err)
	}
	if r := rows()[left]; r["certificate"] != "yes" || !strings.HasPrefix(r["how"], "issued by hand on ") || r["why not"] != "" {
		t.Errorf("the person who left, issued one by hand: %v", r)
	}
}
