package season

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// certificate tells staff whether the person with the event's address has a certificate of
// completion (lifecycle's rule) and, with confirm, issues them one by hand as an exception.
func (r *Runner) certificate(ctx context.Context, cy *program.Cycle, ev CertificateRequest) (*Result, error) {
	address := forms.NormalEmail(forms.CleanEmail(ev.Address))
	if !strings.Contains(address, "@") {
		return nil, fmt.Errorf("%w: say who is to have a certificate: their email address, not %q", ErrInput, ev.Address)
	}
	life, err := lifecycle.Load(ctx, r.Store, cy, r.Now())
	if err != nil {
		return nil, err
	}
	years, err := r.Store.Years(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	res := &Result{Mode: Certificate, Cycle: cy.ID}
	cal := r.Calendar
	when := fmt.Sprintf("from %s to %s", cal.Day(cy.Certificates().Opens), cal.LastDay(cy.Certificates()))
	var said []string
	found := false
	for _, a := range life.List() {
		if forms.NormalEmail(a.Email) != address {
			continue
		}
		found = true
		name := fmt.Sprintf("%s (%s)", a.Form.Applicant().Name, a.Role)
		c := life.Certificate(a.ID, years)
		switch {
		case c.ByHand:
			said = append(said, fmt.Sprintf("%s already has a certificate of completion, issued by hand on %s; nothing was changed.",
				name, cal.Day(a.CertificateByHand)))
		case c.Issued:
			said = append(said, fmt.Sprintf("%s already has a certificate of completion: their pair sent its goals and the mid-point "+
				"tracker and they answered the wrap-up survey. Nothing was changed.", name))
		case !ev.Confirm:
			res.Confirmable = true
			said = append(said, fmt.Sprintf("%s has no certificate of completion. %s Nothing is stored yet; to make an exception, "+
				"confirm and one is issued to them by hand, to open from their page %s.", name, c.Why, when))
		default:
			err := life.IssueCertificate(ctx, r.Store, a.ID, r.Now())
			var refused *lifecycle.RefusedError
			if errors.As(err, &refused) {
				said = append(said, refused.Message+" Nothing was changed.")
				continue
			}
			if err != nil {
				return nil, err
			}
			r.Log.Info("certificate issued by hand", "cycle", cy.ID, "application", a.ID)
			said = append(said, fmt.Sprintf("%s is issued a certificate of completion by hand. They can open it from their page %s; "+
				"the certificates export lists it.", name, when))
		}
	}
	if !found {
		return nil, fmt.Errorf("%w: nobody applied to %s with the address %s; nothing was changed", ErrInput, cy.ID, address)
	}
	res.Message = strings.Join(said, " ")
	return res, nil
}
