package lifecycle_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// TestCertificateRule gives each outcome of the certificate rule on one pair's records: what the
// pair sent, whether the person left, and whether staff issued one by hand.
func TestCertificateRule(t *testing.T) {
	cy, _ := program.DefaultCalendar().Cycle("2026-27")
	issued := time.Date(2027, 9, 2, 10, 0, 0, 0, time.UTC)
	sent := &store.Entry{Answers: &forms.Survey{}}
	type records struct {
		goals, tracker, mySurvey, theirSurvey bool
	}
	all := records{true, true, true, true}
	cases := []struct {
		name    string
		sent    records
		status  store.Status
		byHand  bool
		issued  bool
		missing []string
	}{
		{name: "goals, tracker and survey", sent: all, issued: true},
		{name: "the partner's survey is not needed", sent: records{true, true, true, false}, issued: true},
		{name: "no tracker", sent: records{true, false, true, true}, missing: []string{"the mid-point tracker"}},
		{name: "no goals", sent: records{false, true, true, true}, missing: []string{"the pair's goals"}},
		{name: "only the partner answered the survey", sent: records{true, true, false, true}, missing: []string{"the wrap-up survey"}},
		{name: "nothing sent", missing: []string{"the pair's goals", "the mid-point tracker", "the wrap-up survey"}},
		{name: "withdrawn, though everything was sent", sent: all, status: store.StatusWithdrawn},
		{name: "withdrawn, issued by hand", sent: all, status: store.StatusWithdrawn, byHand: true, issued: true},
		{name: "no tracker, issued by hand", sent: records{true, false, true, true}, byHand: true, issued: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			me := &store.Application{ID: "me", Role: forms.RoleMentee, Status: store.StatusAccepted, Form: &forms.Mentee{Person: forms.Person{Name: "Casey Morgan"}}}
			them := &store.Application{ID: "them", Role: forms.RoleMentor, Status: store.StatusAccepted, Form: &forms.Mentor{Person: forms.Person{Name: "Beatriz Ramos"}}}
			if tc.status != "" {
				me.Status = tc.status
			}
			if tc.byHand {
				me.CertificateByHand = issued
			}
			m := &store.Match{Cycle: cy.ID, Mentee: "me", Mentor: "them"}
			y := store.NewYear()
			if tc.sent.goals {
				y.Goals = []*store.Entry{{Answers: &forms.Goals{}}}
			}
			if tc.sent.tracker {
				y.Tracker = &store.Entry{Answers: &forms.Tracker{}}
			}
			if tc.sent.mySurvey {
				y.Surveys[forms.RoleMentee] = sent
			}
			if tc.sent.theirSurvey {
				y.Surveys[forms.RoleMentor] = sent
			}
			life := &lifecycle.Cycle{Cycle: cy, Now: cy.Certificates().Opens, Apps: map[string]*store.Application{"me": me, "them": them},
				Matches: []*store.Match{m}}
			got := life.Certificate("me", map[string]*store.Year{m.Key(): y})
			if got.Issued != tc.issued {
				t.Errorf("issued: %v, want %v (%s)", got.Issued, tc.issued, got.Why)
			}
			if got.ByHand != tc.byHand {
				t.Errorf("by hand: %v, want %v", got.ByHand, tc.byHand)
			}
			if !slices.Equal(got.Missing, tc.missing) {
				t.Errorf("missing: %q, want %q", got.Missing, tc.missing)
			}
			if got.Issued != (got.Why == "") {
				t.Errorf("why: %q for issued %v; a refusal says why, an issue says nothing", got.Why, got.Issued)
			}
			if tc.status == store.StatusWithdrawn && !tc.byHand && got.Why != "Casey Morgan left the program, so gets no certificate unless staff issue one by hand." {
				t.Errorf("why: %q", got.Why)
			}
		})
	}
}

// TestCertificateThroughEitherPair: a mentor of two mentees earns one through the pair that sent
// everything, whatever the other did, and a person never matched gets none.
func TestCertificateThroughEitherPair(t *testing.T) {
	cy, _ := program.DefaultCalendar().Cycle("2026-27")
	mentor := &store.Application{ID: "r", Role: forms.RoleMentor, Status: store.StatusAccepted, Form: &forms.Mentor{Person: forms.Person{Name: "Ada Osei"}}}
	alone := &store.Application{ID: "a", Role: forms.RoleMentor, Status: store.StatusAccepted, Form: &forms.Mentor{Person: forms.Person{Name: "Walter Nguyen"}}}
	quiet, done := &store.Match{Mentee: "e1", Mentor: "r"}, &store.Match{Mentee: "e2", Mentor: "r"}
	y := store.NewYear()
	y.Goals, y.Tracker = []*store.Entry{{}}, &store.Entry{}
	y.Surveys[forms.RoleMentor] = &store.Entry{}
	life := &lifecycle.Cycle{Cycle: cy, Apps: map[string]*store.Application{"r": mentor, "a": alone}, Matches: []*store.Match{quiet, done}}
	got := life.Certificate("r", map[string]*store.Year{done.Key(): y})
	if !got.Issued || len(got.Pairs) != 1 || got.Pairs[0] != done {
		t.Errorf("the mentor of two pairs: %+v, want issued through the pair that sent everything", got)
	}
	if got := life.Certificate("a", nil); got.Issued || got.Why != "Walter Nguyen was never matched this year." {
		t.Errorf("never matched: %+v", got)
	}
}

// TestCertificateNamesThePartnerOnlyWhenBothAgree: the certificate names a partner when both
// answered yes in the survey; one yes, or a yes and no answer, names nobody.
func TestCertificateNamesThePartnerOnlyWhenBothAgree(t *testing.T) {
	cy, _ := program.DefaultCalendar().Cycle("2026-27")
	yes, no := &forms.Survey{PartnerOnCertificate: forms.Yes}, &forms.Survey{PartnerOnCertificate: forms.No}
	for _, tc := range []struct {
		name         string
		mine, theirs *forms.Survey
		wantsPartner bool
	}{
		{"both yes", yes, yes, true},
		{"the partner said no", yes, no, false},
		{"the partner did not answer the question", yes, &forms.Survey{}, false},
		{"I said no", no, yes, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			me := &store.Application{ID: "me", Role: forms.RoleMentee, Status: store.StatusAccepted, Form: &forms.Mentee{}}
			m := &store.Match{Mentee: "me", Mentor: "them"}
			y := store.NewYear()
			y.Goals, y.Tracker = []*store.Entry{{}}, &store.Entry{}
			y.Surveys[forms.RoleMentee] = &store.Entry{Answers: tc.mine}
			y.Surveys[forms.RoleMentor] = &store.Entry{Answers: tc.theirs}
			life := &lifecycle.Cycle{Cycle: cy, Apps: map[string]*store.Application{"me": me}, Matches: []*store.Match{m}}
			got := life.Certificate("me", map[string]*store.Year{m.Key(): y})
			if !got.Issued {
				t.Fatalf("not issued: %s", got.Why)
			}
			if named := slices.Equal(got.Partners, []string{"them"}); named != tc.wantsPartner || (!tc.wantsPartner && len(got.Partners) > 0) {
				t.Errorf("partners named: %q, want the partner named: %v", got.Partners, tc.wantsPartner)
			}
		})
	}
}
