package matching

import (
	"context"
	"fmt"
	"slices"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The outcome emails, by outcome.
var outcomeTexts = map[store.Outcome]*notify.Text{
	store.OutcomeDeclined: notify.MustLoad("outcome-declined"),
	store.OutcomeUnpaired: notify.MustLoad("outcome-unpaired"),
}

// OutcomeEntry tells staff which outcome email an applicant was sent.
type OutcomeEntry struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Role    forms.Role    `json:"role"`
	Outcome store.Outcome `json:"outcome"`
	// When: "sent now", or "sent before" by an earlier commit.
	When string `json:"when"`
}

// The two values of OutcomeEntry.When.
const (
	SentNow    = "sent now"
	SentBefore = "sent before"
)

// outcomes writes to each applicant a commit leaves without a partner: declined applications
// (and those staff left out of the proposal), and accepted ones with no active match. Each
// outcome is recorded as owed before it is sent and as sent after, so a commit run again sends
// every one exactly once. It returns what each applicant was sent, and how many emails now.
func (r *Runner) outcomes(ctx context.Context, cy *program.Cycle, stored *store.Proposal) ([]OutcomeEntry, int, error) {
	list, _, err := r.applications(ctx, cy)
	if err != nil {
		return nil, 0, err
	}
	matches, err := r.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, 0, err
	}
	active := map[string]bool{}
	for _, m := range matches {
		if !m.Ended {
			active[m.Mentor], active[m.Mentee] = true, true
		}
	}
	var out []OutcomeEntry
	sent := 0
	for _, a := range list {
		var o store.Outcome
		switch {
		case a.Status == store.StatusDeclined || (a.Status == store.StatusAccepted && slices.Contains(stored.Exclude, a.ID)):
			o = store.OutcomeDeclined
		case a.Status == store.StatusAccepted && !active[a.ID]:
			o = store.OutcomeUnpaired
		}
		if o == "" {
			continue
		}
		if a.Outcome == "" {
			if err := r.Store.OweOutcome(ctx, a, o); err != nil {
				return out, sent, err
			}
		}
		me := a.Form.Applicant()
		entry := OutcomeEntry{ID: a.ID, Name: me.Name, Role: a.Role, Outcome: a.Outcome, When: SentBefore}
		if !a.OutcomeSent {
			msg, err := outcomeTexts[a.Outcome].Render(a.Email, map[string]string{"Name": me.Name, "Role": string(a.Role),
				"Cycle": cy.ID, "TimelineURL": r.SiteURL + "/timeline/"})
			if err != nil {
				return out, sent, err
			}
			if err := r.Mail.Send(ctx, msg); err != nil {
				return out, sent, fmt.Errorf("matcher: send outcome email: %w", err)
			}
			if err := r.Store.MarkOutcomeSent(ctx, a); err != nil {
				return out, sent, err
			}
			entry.When = SentNow
			sent++
		}
		out = append(out, entry)
	}
	return out, sent, nil
}
