package remind_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/receipt"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
)

// runCrashing runs the reminder and reports whether it crashed (panicked) part way.
func runCrashing(t *testing.T, y *year, at func() (any, error)) (crashed bool) {
	t.Helper()
	defer func() {
		if recover() != nil {
			crashed = true
		}
	}()
	_, err := at()
	if err != nil {
		t.Logf("run: %v", err)
	}
	return false
}

// TestACrashBetweenSendingAndConfirmingSendsNothingTwice stops a run right after the third
// message went (before its marker was confirmed), and has the mail service refuse the fifth of
// the next run; runs again until all is sent, and checks everyone had the goals reminder exactly
// once, and that the digest tells staff of the one message left unconfirmed.
func TestACrashBetweenSendingAndConfirmingSendsNothingTwice(t *testing.T) {
	y := mustYear(t)
	goalsDue := y.cy.Window(program.Goals).Closes.AddDate(0, 0, -1)
	reminderDay := y.at(goalsDue.AddDate(0, 0, -7))
	for _, m := range y.matches { // every pair is in touch: the run sends reminders alone
		y.add(t, m, store.KindContact, forms.RoleMentee, y.at(y.cy.Window(program.ProgramStart).Opens), &forms.InTouch{InTouch: true}, 20261102)
	}
	n := 0
	y.mail.fail = func(notify.Message) (bool, bool) { n++; return false, n == 3 }
	if !runCrashing(t, y, func() (any, error) { return y.run(t, reminderDay) }) {
		t.Fatal("the run did not crash")
	}
	n = 0
	y.mail.fail = func(notify.Message) (bool, bool) { n++; return n == 5, false }
	if _, err := y.run(t, reminderDay); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("a refused message is not reported: %v", err)
	}
	y.mail.fail = nil
	if _, err := y.run(t, reminderDay); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range y.mail.sent {
		got[s.msg.To+" "+kind(s.msg.Subject)]++
	}
	want := map[string]int{}
	for _, m := range y.matches {
		want[y.emails[m.Mentor]+" goals-7d"] = 1 // once a person, however many pairs
		want[y.emails[m.Mentee]+" goals-7d"] = 1
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: sent %d, want %d", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	markers, err := y.st.SentMessages(context.Background(), y.cy.ID)
	if err != nil {
		t.Fatal(err)
	}
	var unconfirmed []*store.Sent
	for _, m := range markers {
		if !m.Delivered {
			unconfirmed = append(unconfirmed, m)
		}
	}
	if len(unconfirmed) != 1 {
		t.Fatalf("%d unconfirmed markers, want the crashed one: %+v", len(unconfirmed), unconfirmed)
	}
	// The next digest names the person whose message may not have gone.
	who := y.Names[unconfirmed[0].Person] + " (" + string(forms.RoleMentee) + ")"
	for _, m := range y.matches {
		if unconfirmed[0].Person == m.Mentor {
			who = y.Names[m.Mentor] + " (" + string(forms.RoleMentor) + ")"
		}
	}
	for d := reminderDay; ; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Monday {
			continue
		}
		if _, err := y.run(t, d); err != nil {
			t.Fatal(err)
		}
		break
	}
	last := y.mail.sent[len(y.mail.sent)-1].msg
	if kind(last.Subject) != "digest" || !strings.Contains(last.Text, "may not have gone out") ||
		!strings.Contains(last.Text, "the reminder a week before goals are due, to ") || !strings.Contains(last.Text, ", to "+who+", on ") {
		t.Errorf("the digest does not report the unconfirmed message:\n%s", last.Text)
	}
}

// TestAReminderWhoseClaimWasLostGoesWhenTheRunIsRepeated: the database stores a reminder's
// claim but its answer never arrives, so the run sends nothing to that person and reports the
// fault; the run repeated by the same process (the schedule's retry) sends it, and everyone has
// the goals reminder exactly once, with no claim left for the digest to list.
func TestAReminderWhoseClaimWasLostGoesWhenTheRunIsRepeated(t *testing.T) {
	faults := &storetest.MarkerFaults{}
	y := mustYear(t, faults.Option)
	goalsDue := y.cy.Window(program.Goals).Closes.AddDate(0, 0, -1)
	reminderDay := y.at(goalsDue.AddDate(0, 0, -7))
	for _, m := range y.matches { // every pair is in touch: the run sends reminders alone
		y.add(t, m, store.KindContact, forms.RoleMentee, y.at(y.cy.Window(program.ProgramStart).Opens), &forms.InTouch{InTouch: true}, 20261102)
	}
	faults.LoseClaim.Store(true)
	if _, err := y.run(t, reminderDay); err == nil {
		t.Fatal("the run with a lost claim reported no fault")
	}
	first := len(y.mail.sent)
	if _, err := y.run(t, reminderDay); err != nil {
		t.Fatal(err)
	}
	if got := len(y.mail.sent) - first; got != 1 {
		t.Errorf("the repeated run sent %d, want the one the lost claim held back", got)
	}
	got := map[string]int{}
	for _, s := range y.mail.sent {
		got[s.msg.To+" "+kind(s.msg.Subject)]++
	}
	want := map[string]int{}
	for _, m := range y.matches {
		want[y.emails[m.Mentor]+" goals-7d"], want[y.emails[m.Mentee]+" goals-7d"] = 1, 1
	}
	if !maps.Equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	markers, err := y.st.SentMessages(context.Background(), y.cy.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range markers {
		if !m.Delivered {
			t.Errorf("marker %s of %s unconfirmed, which the digest would list as perhaps never sent", m.Message, m.Person)
		}
	}
}

// dying is a mail service on which the process dies (panics) before the service takes the email.
type dying struct{}

func (dying) Send(context.Context, notify.Message) error { panic("the process died while sending") }

// TestTheDigestListsAnOwedEmailClaimedButNeverSent: an applicant's receipt is claimed by a sender
// that dies before sending it; the daily run never sends it, and the next staff digest names the
// email and the applicant, so that a person can check and write by hand.
func TestTheDigestListsAnOwedEmailClaimedButNeverSent(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	at := y.at(y.cy.Window(program.Goals).Closes.AddDate(0, 0, -8))
	form := forms.New(forms.RoleMentee)
	*form.Applicant() = forms.Person{Name: "Late Applicant", Email: "late.applicant@example.org"}
	a := &store.Application{ID: "lateapplicant000", Cycle: y.cy.ID, Role: forms.RoleMentee, Email: "late.applicant@example.org",
		Status: store.StatusSubmitted, SubmittedAt: at, Hash: "h", Form: form, Expires: y.cy.Expiry()}
	a.Owes = []store.Email{receipt.Received(y.cal, y.cy, a)}
	if _, err := y.st.AddApplication(ctx, a); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the sender did not die")
			}
		}()
		s := &outbox.Sender{Store: y.st, Mail: dying{}, Now: func() time.Time { return at }}
		s.Sweep(ctx, at.Add(time.Second))
	}()
	d := at.AddDate(0, 0, 1)
	for d.Weekday() != remind.DigestDay {
		d = d.AddDate(0, 0, 1)
	}
	if _, err := y.run(t, d); err != nil {
		t.Fatal(err)
	}
	var digest notify.Message
	for _, s := range y.mail.sent {
		if s.msg.To == "late.applicant@example.org" {
			t.Errorf("the claimed receipt was sent after all: %q", s.msg.Subject)
		}
		if kind(s.msg.Subject) == "digest" {
			digest = s.msg
		}
	}
	want := "the email application-received, to Late Applicant (mentee), on " + y.cal.Day(at) + ": please check it reached them"
	if !strings.Contains(digest.Text, "may not have gone out") || !strings.Contains(strings.Join(strings.Fields(digest.Text), " "), want) {
		t.Errorf("the digest does not list %q:\n%s", want, digest.Text)
	}
	if owed, err := y.st.OwedSince(ctx, d); err != nil || len(owed) != 0 {
		t.Errorf("still owing %v (%v) after the run settled the abandoned claim", owed, err)
	}
}
