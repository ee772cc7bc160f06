package season

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The outcome emails, by outcome.
var outcomeTexts = map[store.Outcome]*notify.Text{
	store.OutcomeDeclined: notify.MustLoad("outcome-declined"),
	store.OutcomeUnpaired: notify.MustLoad("outcome-unpaired"),
}

// OutcomeEntry tells staff which outcome email an applicant was sent.
type OutcomeEntry = staffpages.OutcomeEntry

// The two values of OutcomeEntry.When.
const (
	SentNow    = staffpages.SentNow
	SentBefore = staffpages.SentBefore
)

// outcomes writes each owed outcome (see pool.outcomes), recording it as owed before it is sent
// and as sent after, so a commit run again sends every one exactly once. It adds to res what
// each applicant was sent, the emails sent now, and a note naming the applications still to
// review, which are sent nothing.
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
		if a.Outcome == "" {
			if err := r.Store.OweOutcome(ctx, a, o.outcome); err != nil {
				return err
			}
		}
		me := a.Form.Applicant()
		entry := OutcomeEntry{ID: a.ID, Name: me.Name, Role: a.Role, Outcome: a.Outcome, When: SentBefore}
		if !a.OutcomeSent {
			msg, err := outcomeTexts[a.Outcome].Render(a.Email, map[string]string{"Name": me.Name, "Role": string(a.Role),
				"Cycle": cy.Title(), "TimelineURL": r.SiteURL + "/timeline/"})
			if err != nil {
				return err
			}
			if err := r.Mail.Send(ctx, msg); err != nil {
				return fmt.Errorf("matcher: send outcome email: %w", err)
			}
			if err := r.Store.MarkOutcomeSent(ctx, a); err != nil {
				return err
			}
			entry.When = SentNow
			res.Emails++
		}
		res.Outcomes = append(res.Outcomes, entry)
	}
	return nil
}
