package remind_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// TestAMentorOfThreeGetsOneMessageNamingEveryPair runs every reminder's day, twice, for the demo
// cohort, in which one mentor has three mentees: she gets each reminder once, naming all three
// pairs; a mentor of one pair gets it naming that pair; and a marker kept the old way, per pair,
// still counts as the message sent.
func TestAMentorOfThreeGetsOneMessageNamingEveryPair(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	mentees := map[string][]string{} // mentor id → mentee names, in key order
	for _, m := range y.matches {
		mentees[m.Mentor] = append(mentees[m.Mentor], y.Names[m.Mentee])
	}
	var three, one, marked string
	for id, names := range mentees {
		switch {
		case len(names) == 3:
			three = id
		case len(names) == 1 && one == "":
			one = id
		case len(names) == 1:
			marked = id
		}
	}
	if three == "" || one == "" || marked == "" {
		t.Fatalf("the demo cohort has no mentor of three mentees and two of one: %v", mentees)
	}
	for _, m := range y.matches {
		if m.Mentor == marked {
			if _, err := y.st.ClaimSend(ctx, &store.Sent{Cycle: y.cy.ID, Message: remind.GoalsWeek, Person: marked, Match: m.Key(),
				ClaimedAt: time.Now().UTC(), Delivered: true, Expires: y.cy.Expiry()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	days := map[string]time.Time{}
	for _, d := range remind.Schedule(y.cal, y.cy) {
		msg := d.Message
		if strings.HasPrefix(msg, remind.TipsPrefix) {
			msg = remind.TipsPrefix // the first month's tips
		}
		if _, ok := days[msg]; !ok && !strings.HasPrefix(msg, remind.DigestPrefix) {
			days[msg] = d.Day
		}
	}
	for msg, d := range days {
		for range 2 {
			if _, err := y.run(t, y.at(d)); err != nil {
				t.Fatalf("%s: %v", msg, err)
			}
		}
	}
	got := map[string][]string{} // address → kinds, in order
	var threeGoals string
	for _, s := range y.mail.sent {
		k := kind(s.msg.Subject)
		got[s.msg.To] = append(got[s.msg.To], k)
		switch {
		case s.msg.To == y.emails[three] && k == remind.GoalsWeek:
			threeGoals = s.msg.Subject + "\n\n" + s.msg.Text
			t.Logf("as the mentor of three reads it:\n%s\n\nHTML part:\n%s", threeGoals, s.msg.HTML)
		case s.msg.To == y.emails[one] && k == remind.TrackerOpen:
			if want := "each goal of your pair with your mentee " + mentees[one][0] + ","; !strings.Contains(strings.Join(strings.Fields(s.msg.Text), " "), want) {
				t.Errorf("the tracker note to the mentor of one does not say %q:\n%s", want, s.msg.Text)
			}
		}
		if s.msg.To == y.emails[three] && k != "tips" && k != remind.SurveyOpen && k != remind.SurveyClosing && k != remind.FirstContact {
			text := strings.Join(strings.Fields(s.msg.Text), " ")
			want := "your pairs with your mentees " + mentees[three][0] + ", " + mentees[three][1] + " and " + mentees[three][2]
			if !strings.Contains(text, want) {
				t.Errorf("%s to the mentor of three does not say %q:\n%s", k, want, s.msg.Text)
			}
		}
	}
	// The tracker opens on Monday, March 1, 2027, the first working day of March: March's tips go
	// that day too.
	want := []string{"tips", "tips", "goals-7d", "goals-1d", "goals-late", "tracker-open", "tracker-closing", "survey-open", "survey-closing"}
	for _, who := range []string{three, one} {
		want := slices.Clone(want)
		for range mentees[who] { // the first-contact nudge goes once a pair
			want = append(want, remind.FirstContact)
		}
		if g := slices.Sorted(slices.Values(got[y.emails[who]])); !slices.Equal(g, slices.Sorted(slices.Values(want))) {
			t.Errorf("%s got %v, want each of %v once", y.Names[who], got[y.emails[who]], want)
		}
	}
	if slices.Contains(got[y.emails[marked]], remind.GoalsWeek) {
		t.Errorf("%s had the goals reminder again, though a marker of the pair said it went", y.Names[marked])
	}
	if !strings.HasPrefix(threeGoals, "Your pairs' goals are due in a week, by December 1, 2026") {
		t.Errorf("the goals reminder to the mentor of three reads:\n%s", threeGoals)
	}
}

// digestOn runs the reminder on a day with a digest and returns the lines of one of its sections.
func (y *year) digestOn(t *testing.T, d time.Time, section string) []string {
	t.Helper()
	if d.Weekday() != remind.DigestDay || y.cal.Holiday(d) != "" {
		t.Fatalf("%s is not a digest day", day(d))
	}
	if _, err := y.run(t, y.at(d)); err != nil {
		t.Fatal(err)
	}
	last := y.mail.sent[len(y.mail.sent)-1].msg
	if last.To != staff {
		t.Fatalf("no digest on %s", day(d))
	}
	_, after, ok := strings.Cut(last.Text, "\n\n"+section+"\n"+strings.Repeat("-", len(section))+"\n\n")
	if !ok {
		t.Fatalf("the digest of %s has no section %q:\n%s", day(d), section, last.Text)
	}
	body, _, _ := strings.Cut(after, "\n\n")
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		lines = append(lines, strings.TrimPrefix(strings.TrimSpace(l), "- "))
	}
	slices.Sort(lines)
	return lines
}

// TestTheContactClockStartsAtTheMatch reads the digest's contact lists two, four and five weeks
// into the year: no pair is listed before 21 days have passed since it was matched (or the year
// began); then every pair that never said it was in touch is, but not one matched anew ten days
// before; and a pair whose last contact is 30 days old or more is quiet.
func TestTheContactClockStartsAtTheMatch(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	m := y.matches
	start := y.cy.Window(program.ProgramStart).Opens // Monday, November 2, 2026
	early, later, quietDay := start.AddDate(0, 0, 14), start.AddDate(0, 0, 28), start.AddDate(0, 0, 35)
	y.add(t, m[1], store.KindContact, forms.RoleMentee, start.AddDate(0, 0, 1).Add(10*time.Hour), &forms.InTouch{InTouch: true}, 20261103)
	notYet, quiet := "Pairs not yet in touch 21 days after their match", "Pairs with no contact recorded for 30 days"
	if got := y.digestOn(t, early, notYet); !slices.Equal(got, []string{"None."}) {
		t.Errorf("two weeks in, the digest lists as not yet in touch: %q", got)
	}
	// Pair 0 parts, and its mentee is matched anew ten days before the later digest.
	rematched := later.AddDate(0, 0, -10).Add(10 * time.Hour)
	if err := y.st.EndMatch(ctx, m[0], store.EndRematch, "", rematched); err != nil {
		t.Fatal(err)
	}
	other := m[len(m)-1].Mentor
	for _, mt := range m {
		if mt.Mentor != m[0].Mentor {
			other = mt.Mentor
		}
	}
	fresh := &store.Match{Cycle: y.cy.ID, Mentee: m[0].Mentee, Mentor: other, Proposal: "p-test", CreatedAt: rematched.UTC(), Expires: y.cy.Expiry()}
	if _, err := y.st.AddMatch(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	pair := func(mt *store.Match) string {
		return y.Names[mt.Mentee] + " (mentee) with " + y.Names[mt.Mentor] + " (mentor)"
	}
	var want []string
	for i := 2; i < len(m); i++ {
		want = append(want, pair(m[i])+": matched on "+y.cal.Day(m[i].CreatedAt))
	}
	slices.Sort(want)
	if got := y.digestOn(t, later, notYet); !slices.Equal(got, want) {
		t.Errorf("four weeks in, the digest lists as not yet in touch:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := y.digestOn(t, later, quiet); !slices.Equal(got, []string{"None."}) {
		t.Errorf("four weeks in, the digest lists as quiet: %q", got)
	}
	if got := y.digestOn(t, quietDay, quiet); !slices.Equal(got, []string{pair(m[1]) + ": last in touch on November 3, 2026"}) {
		t.Errorf("five weeks in, the digest lists as quiet: %q", got)
	}
}
