package remind_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Eight weeks of daily runs, twice a day: a pair that says it is in touch before its fourteenth
// day is never nudged; one that says so after the nudge is nudged once; a pair that never does
// is nudged once, each person once a pair; nobody is nudged after a withdrawal or the end of
// their match. Each nudge offers the partner's address as a link to write to it.
func TestFirstContactNudgesEachQuietPairOnce(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	m := y.matches
	start := y.cy.Window(program.ProgramStart).Opens // Monday, November 2, 2026
	inTouch := func(i int, days int) {
		y.add(t, m[i], store.KindContact, forms.RoleMentor, y.at(start.AddDate(0, 0, days)), &forms.InTouch{InTouch: true},
			20261102+days)
	}
	inTouch(0, 3)  // before the nudge
	inTouch(1, 13) // the day before it
	for d := start; d.Before(start.AddDate(0, 0, 56)); d = d.AddDate(0, 0, 1) {
		switch d {
		case start.AddDate(0, 0, 10): // pair 2's mentee leaves before the nudge
			life, err := lifecycle.Load(ctx, y.st, y.cy, y.at(d))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := life.Withdraw(ctx, y.st, m[2].Mentee, y.at(d)); err != nil {
				t.Fatal(err)
			}
		case start.AddDate(0, 0, 12): // pair 3 parts
			if err := y.st.EndMatch(ctx, m[3], store.EndRematch, "", y.at(d)); err != nil {
				t.Fatal(err)
			}
		case start.AddDate(0, 0, 20): // pair 4 says so after its nudge
			inTouch(4, 20)
		}
		for range 2 {
			if _, err := y.run(t, y.at(d)); err != nil {
				t.Fatal(err)
			}
		}
	}
	partners := map[string][]string{} // address → the partners' (a mentor may have several)
	for _, p := range m {
		mentor, mentee := y.emails[p.Mentor], y.emails[p.Mentee]
		partners[mentor], partners[mentee] = append(partners[mentor], mentee), append(partners[mentee], mentor)
	}
	partnerIn := func(msg notify.Message) string {
		for _, a := range partners[msg.To] {
			if strings.Contains(msg.Text, a) {
				return a
			}
		}
		return "a partner's address"
	}
	got := map[string][]string{} // address → the days of its nudges
	for _, s := range y.mail.sent {
		if kind(s.msg.Subject) == remind.FirstContact {
			got[s.msg.To] = append(got[s.msg.To], s.day)
			notifytest.WritesTo(t, s.msg, partnerIn(s.msg))
		}
	}
	want := map[string][]string{}
	for i, p := range m {
		if i < 4 {
			continue
		}
		for _, id := range []string{p.Mentor, p.Mentee} {
			want[y.emails[id]] = append(want[y.emails[id]], "2026-11-16")
		}
	}
	for _, d := range want {
		slices.Sort(d)
	}
	for to, days := range got {
		if !slices.Equal(days, want[to]) {
			t.Errorf("%s was nudged on %v, want %v", to, days, want[to])
		}
	}
	for to, days := range want {
		if got[to] == nil {
			t.Errorf("%s was never nudged, want %v", to, days)
		}
	}
}
