package season_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Declined and unpaired applicants hear from the program on commit, kindly and without reasons,
// exactly once even when a commit is cut short and run again; staff see who got which.
func TestOutcomeEmails(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	for _, a := range cohort {
		f.add(t, a)
	}
	f.add(t, applicant{id: "e-sp", email: "sam@example.org", name: "Sam Pending", state: "IL", gender: forms.GenderMan,
		geo: forms.PreferenceNone, status: store.StatusSubmitted})
	// Staff leave Ned out: he is sent nothing and stays accepted. Carl then has nobody; Tess fits nobody.
	prop, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose, Exclude: []string{"e-ny"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.Outcome{"m-no": store.OutcomeDeclined, "m-ca": store.OutcomeUnpaired, "e-tx": store.OutcomeUnpaired}
	if !slices.Contains(prop.Letters, season.Letter{Name: "Ned Park", Role: forms.RoleMentee, Letter: "nothing: left out of this proposal"}) {
		t.Errorf("the proposal's letters %+v do not say Ned, left out, is sent nothing", prop.Letters)
	}

	working := f.runner.Mail
	f.runner.Mail = &failingMail{next: working, n: 2} // the two introductions go, then the mail service fails
	commit := season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: prop.Proposal}
	if _, err := f.runner.Run(ctx, commit); err == nil {
		t.Fatal("commit during a mail outage succeeded")
	}
	owed := 0
	for _, role := range forms.Roles {
		apps, err := f.store.Applications(ctx, "2026-27", role)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			if a.Outcome != "" && a.Outcome != want[a.ID] {
				t.Errorf("%s: outcome %q, want %q", a.ID, a.Outcome, want[a.ID])
			}
			if a.Outcome != "" && !a.OutcomeSent {
				owed++
			}
		}
	}
	if owed != 1 {
		t.Errorf("%d outcomes recorded as owed after the outage, want the 1 whose email failed", owed)
	}

	f.runner.Mail = working
	res, err := f.runner.Run(ctx, commit)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "Sam Pending") {
		t.Errorf("notes %q, want one naming Sam Pending, still to review and sent nothing", res.Notes)
	}
	if res.Emails != 3 || len(res.Outcomes) != 3 {
		t.Fatalf("resumed commit: %d emails, outcomes %+v; want the 3 outcome emails", res.Emails, res.Outcomes)
	}
	for _, o := range res.Outcomes {
		if o.Outcome != want[o.ID] || o.When != season.SentNow || o.Name == "" {
			t.Errorf("outcome %+v, want %q sent now", o, want[o.ID])
		}
	}
	again, err := f.runner.Run(ctx, commit)
	if err != nil || again.Emails != 0 || len(again.Outcomes) != 3 || again.Outcomes[0].When != season.SentBefore ||
		!strings.HasPrefix(again.Message, "Proposal "+prop.Proposal+" was already committed on October 5, 2026") {
		t.Fatalf("third commit: %+v, %v; want it already committed, nothing sent and every outcome listed as sent before", again, err)
	}

	mail := emails(t, f.outbox)
	if len(mail) != 5 {
		t.Fatalf("%d emails, want 2 introductions and 3 outcomes, each once", len(mail))
	}
	outcomes := 0
	for _, m := range mail {
		if strings.HasPrefix(m, "Subject: Meet your") {
			continue
		}
		outcomes++
		if !strings.Contains(m, "Thank you for applying") || !strings.Contains(m, "https://mentoring.example.org/timeline/") {
			t.Errorf("outcome email lacks its thanks or the timeline:\n%s", m)
		}
		for _, secret := range []string{"same-state", "required", "preference", "excluded", "score", "Texas"} {
			if strings.Contains(strings.ToLower(m), strings.ToLower(secret)) {
				t.Errorf("outcome email gives a reason (%q):\n%s", secret, m)
			}
		}
	}
	if outcomes != 3 {
		t.Errorf("%d outcome emails, want 3", outcomes)
	}
}
