// Package receipt is the email that tells applicants their application arrived. The apply
// function sends it at once and records it sent on the application; when that send fails the
// receipt stays owed, and the daily run sends it (Owed), so that no applicant is left wondering.
package receipt

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

var text = notify.MustLoad("application-received")

// Grace is how long after an application arrived the daily run leaves its receipt to the request
// that stored it (which may still be sending it), or to the applicant's own retry.
const Grace = 15 * time.Minute

// Message is the receipt for application a of cycle cy; it does not repeat the answers.
func Message(cal *program.Calendar, cy *program.Cycle, a *store.Application) (notify.Message, error) {
	return text.Render(a.Email, map[string]string{
		"Name":     a.Form.Applicant().Name,
		"Role":     string(a.Role),
		"Cycle":    cy.Title(),
		"ID":       a.ID,
		"Closes":   cal.LastDay(cy.Window(program.Applications)),
		"NotifyBy": cal.LastDay(cy.Window(program.Review)),
		"Starts":   cal.Day(cy.Window(program.ProgramStart).Opens),
	})
}

// Owed sends, for every cycle whose applications have opened and which has not ended, each
// receipt still owed for an application that arrived more than Grace before now, and records it
// sent. It goes on past a failure and returns how many it sent with the failures joined.
func Owed(ctx context.Context, st *store.Store, mail notify.Sender, cal *program.Calendar, now time.Time) (int, error) {
	sent := 0
	var errs []error
	for i := range cal.Cycles {
		cy := &cal.Cycles[i]
		if now.Before(cy.Window(program.Applications).Opens) || !now.Before(cy.Span().Closes) {
			continue
		}
		for _, role := range forms.Roles {
			apps, err := st.Applications(ctx, cy.ID, role)
			if err != nil {
				return sent, err
			}
			for _, a := range apps {
				if a.Confirmed || now.Sub(a.SubmittedAt) < Grace {
					continue
				}
				m, err := Message(cal, cy, a)
				if err == nil {
					err = mail.Send(ctx, m)
				}
				if err == nil {
					err = st.MarkConfirmed(ctx, a)
					sent++
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("receipt for application %s of %s: %w", a.ID, cy.ID, err))
				}
			}
		}
	}
	return sent, errors.Join(errs...)
}
