package remind_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// TestTheDigestNamesWhatNeedsAPersonAndQuotesNoAnswer fills a cohort's year with what staff must
// see — missing goals, a call for help, a rematch request, a withdrawal, a tracker asking for a
// call, surveys — each carrying confidential words, and reads the digest staff get.
func TestTheDigestNamesWhatNeedsAPersonAndQuotesNoAnswer(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	cy, m := y.cy, y.matches
	survey := cy.Window(program.Survey)
	monday := survey.Opens
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	before := monday.AddDate(0, 0, -1).Add(8 * time.Hour)
	secrets := []string{"SECRET-WITHDRAWAL-REASON", "SECRET-REMATCH-REASON", "SECRET-SURVEY-WORKED", "SECRET-SURVEY-NOT"}
	for i := 1; i < len(m); i++ {
		y.add(t, m[i], store.KindGoals, forms.RoleMentee, before, goals("skills"), 1)
	}
	y.add(t, m[1], store.KindCheckIn, forms.RoleMentor, before, &forms.CheckIn{HowGoing: forms.HowNeedHelp}, 202708)
	y.add(t, m[2], store.KindCheckIn, forms.RoleMentee, before, &forms.CheckIn{HowGoing: forms.HowFine}, 202708)
	y.add(t, m[3], store.KindWithdrawal, forms.RoleMentee, before, &forms.Withdrawal{Reason: secrets[0], Confirm: true}, 0)
	life, err := lifecycle.Load(ctx, y.st, cy, before)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := life.Withdraw(ctx, y.st, m[3].Mentee, before); err != nil {
		t.Fatal(err)
	}
	// A mentor of one mentee leaves too: her mentee needs a new partner.
	alone := -1
	for j := 6; j < len(m) && alone < 0; j++ {
		if !slices.ContainsFunc(m, func(x *store.Match) bool { return x != m[j] && x.Mentor == m[j].Mentor }) {
			alone = j
		}
	}
	if alone < 0 {
		t.Fatal("the demo cohort has no mentor of one mentee among its last pairs")
	}
	y.add(t, m[alone], store.KindWithdrawal, forms.RoleMentor, before, &forms.Withdrawal{Reason: secrets[0], Confirm: true}, 0)
	if _, err := life.Withdraw(ctx, y.st, m[alone].Mentor, before); err != nil {
		t.Fatal(err)
	}
	// The people still in a pair, each once; the mentor left behind needs a new partner unless
	// she has another mentee.
	current, leftBehind := map[string]bool{}, true
	for i, x := range m {
		if i != 3 && i != alone {
			current[x.Mentor], current[x.Mentee] = true, true
			leftBehind = leftBehind && x.Mentor != m[3].Mentor
		}
	}
	if _, err := y.st.AddRematchRequest(ctx, &store.RematchRequest{Cycle: cy.ID, Match: m[4].Key(), Role: forms.RoleMentee,
		Reason: secrets[1], Status: store.RematchSubmitted, CreatedAt: before, Expires: cy.Expiry()}); err != nil {
		t.Fatal(err)
	}
	y.add(t, m[5], store.KindTracker, forms.RoleMentor, before, &forms.Tracker{Progress1: forms.ProgressUnderWay,
		Contact: forms.ContactWeekly, Working: "Weekly calls", CallMe: forms.Yes}, 0)
	y.add(t, m[5], store.KindSurvey, forms.RoleMentor, before, &forms.Survey{Worked: secrets[2], NotWorked: secrets[3],
		RatingOverall: forms.Rating5, RatingMatch: forms.Rating4, RatingSupport: forms.Rating3, Again: forms.AgainEither}, 0)

	res, err := y.run(t, y.at(monday))
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent[remind.DigestPrefix+monday.Format(time.DateOnly)] != 1 {
		t.Fatalf("digests sent: %v", res.Sent)
	}
	var digest string
	for _, s := range y.mail.sent {
		if s.msg.To == staff {
			digest = s.msg.Text + s.msg.HTML
		}
	}
	name := func(id string) string {
		for _, role := range forms.Roles {
			if a, err := y.st.ApplicationByID(ctx, cy.ID, role, id); err == nil {
				return a.Form.Applicant().Name
			}
		}
		t.Fatalf("no application %s", id)
		return ""
	}
	wants := []string{
		"Goals late", name(m[0].Mentee) + " (mentee) with " + name(m[0].Mentor) + " (mentor)",
		"the mentor answered \"we need help\"", name(m[1].Mentee),
		"asked on the mid-point tracker", "rematch: " + name(m[4].Mentee),
		"mid-point tracker (closes",
		fmt.Sprintf("wrap-up survey (closes August 31, 2027): 1 of %d people (%d%%)", len(current), 100/len(current)),
	}
	leaving := "needs a new partner: " + name(m[3].Mentor) + " (mentor); the match with " + name(m[3].Mentee) + " ended as " +
		name(m[3].Mentee) + " left the program on " + y.cal.Day(before)
	wants = append(wants, "needs a new partner: "+name(m[alone].Mentee)+" (mentee); the match with "+name(m[alone].Mentor)+
		" ended as "+name(m[alone].Mentor)+" left the program on "+y.cal.Day(before))
	if leftBehind {
		wants = append(wants, leaving)
	} else if strings.Contains(digest, leaving) {
		t.Errorf("the digest lists %s as needing a new partner, though she has other mentees", name(m[3].Mentor))
	}
	for _, want := range wants {
		if !strings.Contains(digest, want) {
			t.Errorf("the digest lacks %q:\n%s", want, digest)
		}
	}
	if strings.Contains(digest, "with "+name(m[2].Mentor)+" (mentor): the mentee answered") {
		t.Errorf("a \"fine\" answer is listed as a call for help:\n%s", digest)
	}
	for _, s := range secrets {
		if strings.Contains(digest, s) {
			t.Errorf("the digest quotes a confidential answer (%s)", s)
		}
	}
	for _, word := range []string{"Weekly calls", string(forms.GenderWoman), "race", "gender"} { // as words: "Grace Kim" is a name
		if regexp.MustCompile(`\b` + word + `\b`).MatchString(digest) {
			t.Errorf("the digest carries an answer (%q)", word)
		}
	}
}

// TestTheDigestsThresholds puts one pair just inside and one just outside each of the digest's
// time limits — a "we need help" answer stays 35 days, a pair is quiet after 30 days with no
// contact recorded, an unconfirmed message is reported after an hour — and checks the digest
// names the first of each and not the second.
func TestTheDigestsThresholds(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	cy, m := y.cy, y.matches
	monday := cy.Window(program.Goals).Closes.AddDate(0, 0, 60)
	for monday.Weekday() != time.Monday || monday.Day() < 8 { // no tips on that day
		monday = monday.AddDate(0, 0, 1)
	}
	now := y.at(monday)
	const day = 24 * time.Hour
	for i, at := range []time.Time{now.Add(-35*day + time.Hour), now.Add(-35*day - time.Hour)} { // m[1] inside, m[2] outside
		y.add(t, m[1+i], store.KindCheckIn, forms.RoleMentee, at, &forms.CheckIn{HowGoing: forms.HowNeedHelp}, 1+i)
	}
	for i, at := range []time.Time{now.Add(-30*day + time.Hour), now.Add(-30*day - time.Hour)} { // m[3] in touch, m[4] quiet
		d, _ := strconv.Atoi(at.In(y.cal.Location()).Format("20060102"))
		y.add(t, m[3+i], store.KindContact, forms.RoleMentee, at, &forms.InTouch{InTouch: true}, d)
	}
	for i, at := range []time.Time{now.Add(-59 * time.Minute), now.Add(-61 * time.Minute)} { // m[5] too recent, m[6] reported
		if _, err := y.st.ClaimSend(ctx, &store.Sent{Cycle: cy.ID, Message: "tips-test", Person: m[5+i].Mentee, Match: m[5+i].Key(),
			ClaimedAt: at, Expires: cy.Expiry()}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := y.run(t, now); err != nil {
		t.Fatal(err)
	}
	var digest string
	for _, s := range y.mail.sent {
		if s.msg.To == staff {
			digest = s.msg.Text
		}
	}
	section := func(title string) string {
		i := strings.Index(digest, title)
		if i < 0 {
			t.Fatalf("the digest has no section %q:\n%s", title, digest)
		}
		heading, list, _ := strings.Cut(digest[i:], "\n\n") // the heading, then its list
		list, _, _ = strings.Cut(list, "\n\n")
		return heading + "\n\n" + list
	}
	mentee := func(mt *store.Match) string {
		a, err := y.st.ApplicationByID(ctx, cy.ID, forms.RoleMentee, mt.Mentee)
		if err != nil {
			t.Fatal(err)
		}
		return a.Form.Applicant().Name
	}
	for _, c := range []struct {
		section      string
		listed, left *store.Match
	}{
		{"Pairs asking for help", m[1], m[2]},
		{"Pairs with no contact recorded for 30 days", m[4], m[3]},
		{"may not have gone out", m[6], m[5]},
	} {
		s := section(c.section)
		if !strings.Contains(s, mentee(c.listed)) {
			t.Errorf("%q does not name %s, want it listed:\n%s", c.section, mentee(c.listed), s)
		}
		if strings.Contains(s, mentee(c.left)) {
			t.Errorf("%q names %s, want it left out:\n%s", c.section, mentee(c.left), s)
		}
	}
}
