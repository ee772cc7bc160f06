package receipt_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/receipt"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
)

// failing is a mail service that is down.
type failing struct{}

func (failing) Send(context.Context, notify.Message) error {
	return errors.New("mail service unavailable")
}

// The daily run sends each owed receipt once, leaves a fresh application's to the request still
// sending it, and a failed send stays owed.
func TestOwedReceipts(t *testing.T) {
	ctx := context.Background()
	st, cal := storetest.Store(t), program.DefaultCalendar()
	cy := &cal.Cycles[0]
	now := cy.Window(program.Applications).Opens.Add(72 * time.Hour)
	add := func(id string, ago time.Duration, confirmed bool) {
		f := forms.New(forms.RoleMentee)
		*f.Applicant() = forms.Person{Name: "Person " + id, Email: id + "@example.org"}
		if _, err := st.AddApplication(ctx, &store.Application{ID: id, Cycle: cy.ID, Role: forms.RoleMentee, Email: id + "@example.org",
			Status: store.StatusSubmitted, SubmittedAt: now.Add(-ago), Hash: id, Form: f, Expires: cy.Expiry(), Confirmed: confirmed}); err != nil {
			t.Fatal(err)
		}
	}
	add("owed", time.Hour, false)
	add("fresh", receipt.Grace-time.Minute, false)
	add("sent", 2*time.Hour, true)

	if n, err := receipt.Owed(ctx, st, failing{}, cal, now); n != 0 || err == nil || !strings.Contains(err.Error(), "receipt for application owed of "+cy.ID) {
		t.Fatalf("with the mail service down: %d sent, %v; want none and the application named", n, err)
	}
	outbox := t.TempDir()
	mail := notify.Outbox{Dir: outbox, From: "mentoring@example.org"}
	for run, want := range []int{1, 0} { // the second run finds nothing left owed
		n, err := receipt.Owed(ctx, st, mail, cal, now)
		if err != nil || n != want {
			t.Fatalf("run %d: %d sent (%v), want %d", run+1, n, err, want)
		}
	}
	sent := notifytest.Outbox(t, outbox)
	want, err := receipt.Message(cal, cy, &store.Application{ID: "owed", Role: forms.RoleMentee, Email: "owed@example.org",
		Form: &forms.Mentee{Person: forms.Person{Name: "Person owed"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 || sent[0].To != "owed@example.org" || sent[0].Subject != want.Subject || !strings.Contains(sent[0].Text, "Your application reference is owed.") {
		t.Fatalf("sent %+v, want only the owed receipt %q", sent, want.Subject)
	}
	apps, err := st.Applications(ctx, cy.ID, forms.RoleMentee)
	if err != nil {
		t.Fatal(err)
	}
	var confirmed []string
	for _, a := range apps {
		if a.Confirmed {
			confirmed = append(confirmed, a.ID)
		}
	}
	slices.Sort(confirmed)
	if !slices.Equal(confirmed, []string{"owed", "sent"}) {
		t.Errorf("confirmed %v, want owed and sent (fresh is left to its own request)", confirmed)
	}
	// After the cycle ends nothing is sent, whatever is owed.
	if n, err := receipt.Owed(ctx, st, failing{}, cal, cy.Span().Closes); n != 0 || err != nil {
		t.Errorf("after the cycle: %d, %v", n, err)
	}
}
