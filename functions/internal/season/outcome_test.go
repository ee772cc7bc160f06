package season_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Declined and unpaired applicants hear from the program on commit, kindly and without reasons,
// exactly once, even when the mail service is down at the commit and the commit runs again; a
// withdrawn applicant and one left out hear nothing; staff see who is written what.
func TestOutcomeEmails(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	for _, a := range cohort {
		f.add(t, a)
	}
	f.add(t, applicant{id: "e-sp", email: "sam@example.org", name: "Sam Pending", state: "IL", gender: forms.GenderMan,
		geo: forms.PreferenceNone, status: store.StatusSubmitted})
	f.add(t, applicant{id: "e-wd", email: "wanda@example.org", name: "Wanda Left", state: "WI", gender: forms.GenderWoman,
		geo: forms.PreferenceRequired, status: store.StatusWithdrawn})
	// Staff leave Ned out: he is sent nothing and stays accepted. Carl then has nobody; Tess fits nobody.
	prop, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose, Exclude: []string{"e-ny"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.Outcome{"m-no": store.OutcomeDeclined, "m-ca": store.OutcomeUnpaired, "e-tx": store.OutcomeUnpaired}
	if !slices.Contains(prop.Letters, season.Letter{Name: "Ned Park", Role: forms.RoleMentee, Letter: "nothing: left out of this proposal"}) {
		t.Errorf("the proposal's letters %+v do not say Ned, left out, is sent nothing", prop.Letters)
	}

	working := f.sender.Mail
	f.sender.Mail = &failingMail{next: working} // the mail service is down
	commit := season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: prop.Proposal}
	res, err := f.runner.Run(ctx, commit)
	if err != nil {
		t.Fatalf("commit during a mail outage: %v", err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "Sam Pending") {
		t.Errorf("notes %q, want one naming Sam Pending, still to review and sent nothing", res.Notes)
	}
	if res.Emails != 2+3 || len(res.Outcomes) != 3 {
		t.Fatalf("commit: %d emails, outcomes %+v; want 2 introductions and the 3 outcome emails", res.Emails, res.Outcomes)
	}
	for _, o := range res.Outcomes {
		if o.Outcome != want[o.ID] || o.When != season.OwedNow || o.Name == "" {
			t.Errorf("outcome %+v, want %q on its way", o, want[o.ID])
		}
	}
	if got, wantOwed := f.owed(t), []string{"introduction-e-il-m-il-mentee to e-il", "introduction-e-il-m-il-mentor to m-il",
		"outcome-e-tx to e-tx", "outcome-m-ca to m-ca", "outcome-m-no to m-no"}; !slices.Equal(got, wantOwed) {
		t.Fatalf("owed after the commit:\n%q\nwant\n%q", got, wantOwed)
	}
	for _, role := range forms.Roles {
		apps, err := f.store.Applications(ctx, "2026-27", role)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			if a.Outcome != want[a.ID] || a.OutcomeSent != (want[a.ID] != "") {
				t.Errorf("%s: outcome %q (recorded %t), want %q", a.ID, a.Outcome, a.OutcomeSent, want[a.ID])
			}
		}
	}
	if n, err := f.sender.Sweep(ctx, f.runner.Now().Add(time.Hour)); n != 0 || err == nil {
		t.Fatalf("the sender during the outage sent %d (%v)", n, err)
	}

	again, err := f.runner.Run(ctx, commit)
	if err != nil || again.Emails != 0 || len(again.Outcomes) != 3 || again.Outcomes[0].When != season.OwedBefore ||
		!strings.HasPrefix(again.Message, "Proposal "+prop.Proposal+" was already committed on October 5, 2026") {
		t.Fatalf("second commit: %+v, %v; want it already committed, nothing owed and every outcome listed as written before", again, err)
	}
	f.sender.Mail = working
	if n := f.send(t); n != 5 {
		t.Fatalf("after the outage the sender sent %d, want 5", n)
	}
	if again, err := f.runner.Run(ctx, commit); err != nil || again.Emails != 0 || f.send(t) != 0 {
		t.Fatalf("third commit: %+v, %v; want nothing owed or sent", again, err)
	}
	to := map[string]int{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		if !strings.HasPrefix(m.Subject, "Meet your") {
			to[m.To]++
		}
	}
	if wantTo := map[string]int{"nora@example.org": 1, "carl@example.org": 1, "tess@example.org": 1}; !maps.Equal(to, wantTo) {
		t.Errorf("outcome emails by recipient %v, want %v (none to Wanda, who left, Ned, left out, or Sam, waiting)", to, wantTo)
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
