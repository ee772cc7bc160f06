package season

import (
	"context"
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/erasure"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// forget lists what is held about the person with the event's address (package erasure) and,
// with confirm, deletes it.
func (r *Runner) forget(ctx context.Context, cy *program.Cycle, ev ForgetRequest) (*Result, error) {
	address := forms.CleanEmail(ev.Address)
	if !strings.Contains(address, "@") {
		return nil, fmt.Errorf("%w: say whose answers to delete: an email address, not %q", ErrInput, ev.Address)
	}
	e := &erasure.Eraser{Store: r.Store, Calendar: r.Calendar, Mail: r.Mail, Files: r.Files, SiteURL: r.SiteURL, Now: r.Now}
	plan, err := e.Find(ctx, cy, address)
	if err != nil {
		return nil, err
	}
	res := &Result{Mode: Forget, Cycle: cy.ID, Forgotten: &Forgotten{Items: plan.Items()}, Notes: plan.Remains(r.Now())}
	switch {
	case plan.Empty():
		res.Message = fmt.Sprintf("Nothing is held about %s in %s: there is nothing to delete.", address, cy.ID)
		res.Notes = nil
		return res, nil
	case !ev.Confirm:
		res.Message = fmt.Sprintf("Nothing is deleted yet. Forgetting %s in %s deletes the %d things listed.", address, cy.ID, len(res.Items))
		if told := plan.Told(); len(told) > 0 {
			res.Message += " It also tells " + strings.Join(told, "; ") + " only what a withdrawal tells: that they can no longer take part."
		}
		return res, nil
	}
	if err := e.Erase(ctx, plan); err != nil {
		return nil, err
	}
	r.Log.Info("person forgotten", "cycle", cy.ID, "items", len(res.Items))
	res.Message = fmt.Sprintf("%s is forgotten in %s: the %d things listed are deleted.", address, cy.ID, len(res.Items))
	return res, nil
}
