package season

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The outcome emails' texts (content/emails), by outcome.
var outcomeTexts = map[store.Outcome]string{
	store.OutcomeDeclined: "outcome-declined",
	store.OutcomeUnpaired: "outcome-unpaired",
}

// OutcomeEntry tells staff which outcome email an applicant was written.
type OutcomeEntry = staffpages.OutcomeEntry

// The two values of OutcomeEntry.When.
const (
	OwedNow    = staffpages.OwedNow
	OwedBefore = staffpages.OwedBefore
)

// outcomes owes each owed outcome (see pool.outcomes): the application records it and, in the
// same write, the email that tells it (id outcome-<application id>), so a commit run again owes
// none twice and the sender sends each once. It adds to res what each applicant is written, the
// emails owed now, and a note naming the applications still to review, which are sent nothing.
func (r *Runner) outcomes(ctx context.Context, cy *program.Cycle, owed []owed, apps applications, res *Result) error {
	var unreviewed []string
	for _, a := range apps {
		if a.Status == store.StatusSubmitted {
			unreviewed = append(unreviewed, a.Form.Applicant().Name)
		}
	}
	slices.Sort(unreviewed)
	if len(unreviewed) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("Still to review, so sent no outcome: %s. "+
			"Accept or decline them in review; the next commit writes to them.", strings.Join(unreviewed, ", ")))
	}
	for _, o := range owed {
		a := apps[o.id]
		me := a.Form.Applicant()
		entry := OutcomeEntry{ID: a.ID, Name: me.Name, Role: a.Role, Outcome: a.Outcome, When: OwedBefore}
		if !a.OutcomeSent {
			outcome := cmp.Or(a.Outcome, o.outcome) // an outcome recorded before the outbox keeps its words
			now, err := r.Store.OweOutcomeEmail(ctx, a, outcome, r.Now(), store.Email{ID: "outcome-" + a.ID, Text: outcomeTexts[outcome],
				To:     store.Recipient{Cycle: cy.ID, Role: a.Role, ID: a.ID},
				Values: map[string]string{"Name": me.Name, "Role": string(a.Role), "Cycle": cy.Title(), "TimelineURL": r.SiteURL + "/timeline/"}})
			if err != nil {
				return err
			}
			if now {
				entry.When = OwedNow
				res.Emails++
			}
			entry.Outcome = a.Outcome
		}
		res.Outcomes = append(res.Outcomes, entry)
	}
	return nil
}
