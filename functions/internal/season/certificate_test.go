package season_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/cohorttest"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Staff issue a certificate of completion by hand, by the person's address: the first run only
// says why there is none, the confirmed one issues it, and running it again changes nothing. A
// person who earned one by the rule is told so, and an unknown address is refused.
func TestStaffIssueACertificateByHand(t *testing.T) {
	ctx := context.Background()
	c := cohorttest.Matched(t)
	now := c.Cycle.Certificates().Opens.Add(24 * time.Hour)
	r := &season.Runner{Store: c.Store, Calendar: c.Calendar, Weights: scoring.DefaultWeights(), Log: c.Log, Now: func() time.Time { return now }}
	done, short := c.Matches[0], c.Matches[1]
	for _, m := range []*store.Match{done, short} {
		c.Add(t, m, store.KindGoals, forms.RoleMentee, c.Cycle.Window(program.Goals).Opens, &forms.Goals{Goal1: "Plan a story time", Objectives1: []string{"skills"}, Measure1: "It runs"}, 1)
		c.Add(t, m, store.KindSurvey, forms.RoleMentee, c.Cycle.Window(program.Survey).Opens, &forms.Survey{}, 0)
	}
	c.Add(t, done, store.KindTracker, forms.RoleMentor, c.Cycle.Window(program.Tracker).Opens, &forms.Tracker{}, 0)
	life, err := lifecycle.Load(ctx, c.Store, c.Cycle, now)
	if err != nil {
		t.Fatal(err)
	}
	person := life.Apps[short.Mentee]
	name := c.Names[short.Mentee] + " (mentee)"
	var confirmable bool // whether the last run said that confirm would issue one
	run := func(address string, confirm bool) string {
		t.Helper()
		res, err := r.Run(ctx, season.Event{Cycle: c.Cycle.ID, Mode: season.Certificate, Address: address, Confirm: confirm})
		if err != nil {
			t.Fatal(err)
		}
		confirmable = res.Confirmable
		return res.Message
	}
	if got, want := run(strings.ToUpper(person.Email), false), name+" has no certificate of completion. The ALSC office did not receive the mid-point tracker for "+
		c.Names[short.Mentee]+". Nothing is stored yet; to make an exception, confirm and one is issued to them by hand, to open from their page from September 1, 2027 to November 29, 2027."; got != want {
		t.Errorf("listed:\n%s\nwant:\n%s", got, want)
	}
	if !confirmable {
		t.Error("the listing of a person without a certificate does not say that confirm would issue one")
	}
	if a, _ := c.Store.ApplicationByID(ctx, c.Cycle.ID, forms.RoleMentee, short.Mentee); !a.CertificateByHand.IsZero() {
		t.Fatal("the first run stored the certificate")
	}
	if got := run(person.Email, true); got != name+" is issued a certificate of completion by hand. They can open it from their page from September 1, 2027 to November 29, 2027; the certificates export lists it." {
		t.Errorf("issued: %s", got)
	}
	a, err := c.Store.ApplicationByID(ctx, c.Cycle.ID, forms.RoleMentee, short.Mentee)
	if err != nil || !a.CertificateByHand.Equal(now) {
		t.Fatalf("stored: %v %v", a.CertificateByHand, err)
	}
	if got := run(person.Email, true); got != name+" already has a certificate of completion, issued by hand on September 2, 2027; nothing was changed." {
		t.Errorf("again: %s", got)
	}
	if got := run(life.Apps[done.Mentee].Email, true); !strings.Contains(got, "already has a certificate of completion: their pair sent its goals") {
		t.Errorf("by the rule: %s", got)
	}
	if run(life.Apps[done.Mentee].Email, false); confirmable {
		t.Error("the listing of a person who has a certificate says that confirm would issue one")
	}
	if _, err := r.Run(ctx, season.Event{Cycle: c.Cycle.ID, Mode: season.Certificate, Address: "nobody@example.org"}); !errors.Is(err, season.ErrInput) ||
		!strings.Contains(err.Error(), "nobody applied to "+c.Cycle.ID+" with the address nobody@example.org") {
		t.Errorf("unknown address: %v", err)
	}
}
