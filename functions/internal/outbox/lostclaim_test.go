package outbox_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
)

// refusingOnce is a mail service that refuses the first email it is handed, as in an outage.
type refusingOnce struct {
	notify.Sender
	refused atomic.Bool
}

func (r *refusingOnce) Send(ctx context.Context, m notify.Message) error {
	if r.refused.CompareAndSwap(false, true) {
		return errors.New("mail service unavailable")
	}
	return r.Sender.Send(ctx, m)
}

// TestAClaimWhoseAnswerWasLostIsSentOnceLater: the database stores the sender's claim on a
// receipt but its answer never arrives, so nothing is sent; the same sender, at its next pass,
// knows the claim for its own and unsent, and sends the receipt exactly once, even when that
// pass comes after outbox.Abandoned (an unknown sender's claim would then be settled unsent).
// The same holds when the mail service refuses the email and the claim's release fails.
func TestAClaimWhoseAnswerWasLostIsSentOnceLater(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault func(*storetest.MarkerFaults)
		mail  func(notify.Sender) notify.Sender
	}{
		{"the claim's answer lost", func(f *storetest.MarkerFaults) { f.LoseClaim.Store(true) }, func(s notify.Sender) notify.Sender { return s }},
		{"refused by the mail service, the release failed", func(f *storetest.MarkerFaults) { f.FailRelease.Store(true) },
			func(s notify.Sender) notify.Sender { return &refusingOnce{Sender: s} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			faults := &storetest.MarkerFaults{}
			f := fixtureOn(t, storetest.Store(t, faults.Option))
			f.sender.Mail = c.mail(f.sender.Mail)
			f.apply(t, 0)
			f.apply(t, 1)
			c.fault(faults)
			ctx := context.Background()
			if n, err := f.sender.Sweep(ctx, f.now.Add(outbox.Grace)); err == nil || n != 1 {
				t.Fatalf("the pass with the fault sent %d (%v), want the other receipt and an error", n, err)
			}
			if got := f.owing(t); len(got) != 1 {
				t.Fatalf("owing %v after the fault, want one receipt", got)
			}
			f.now = f.now.Add(2 * outbox.Abandoned)
			if n, err := f.sender.Sweep(ctx, f.now); err != nil || n != 1 {
				t.Fatalf("the next pass sent %d (%v), want the receipt the fault held back", n, err)
			}
			if n, err := f.sender.Sweep(ctx, f.now.Add(time.Hour)); err != nil || n != 0 {
				t.Fatalf("a third pass sent %d (%v), want none", n, err)
			}
			if sent := f.sent(t); len(sent) != 2 || sent["p0@example.org"] != 1 || sent["p1@example.org"] != 1 {
				t.Errorf("sent %v, want each receipt once", sent)
			}
			if got := f.owing(t); len(got) != 0 {
				t.Errorf("still owing %v", got)
			}
			markers, err := f.st.SentMessages(ctx, cy.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range markers {
				if !m.Delivered {
					t.Errorf("marker %s of %s unconfirmed, which the staff digest would list as perhaps never sent", m.Message, m.Person)
				}
			}
		})
	}
}
