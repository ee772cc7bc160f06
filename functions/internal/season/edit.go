package season

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// edit corrects an application's answers for staff. The corrections are validated as the API
// validates an application; the changes are listed back by name, and stored only when the event
// confirms them.
func (r *Runner) edit(ctx context.Context, cy *program.Cycle, ev EditRequest) (*Result, error) {
	if ev.Application == "" || len(ev.Answers) == 0 {
		return nil, fmt.Errorf("%w: %s needs the application's id (\"application\") and the corrected answers (\"answers\")", ErrInput, Edit)
	}
	life, err := lifecycle.Load(ctx, r.Store, cy, r.Now())
	if err != nil {
		return nil, err
	}
	a := life.Apps[ev.Application]
	if a == nil {
		return nil, fmt.Errorf("%w: no application %q in %s; nothing was changed", ErrInput, ev.Application, cy.ID)
	}
	name := a.Form.Applicant().Name
	corrected, err := correct(a, ev.Answers)
	if err != nil {
		return nil, err
	}
	res := &Result{Mode: Edit, Cycle: cy.ID, Edited: &Edited{Application: a.ID, Name: name, Changes: forms.Changes(a.Form, corrected)}}
	switch {
	case len(res.Changes) == 0:
		res.Message = fmt.Sprintf("The corrections leave %s's application as it was; nothing was changed.", name)
		return res, nil
	case !ev.Confirm:
		res.Message = fmt.Sprintf("Nothing is stored yet. Check the %d changes to %s's application, then send the same event with \"confirm\": true.", len(res.Changes), name)
		return res, nil
	}
	if err := r.Store.CorrectAnswers(ctx, a, corrected); errors.Is(err, store.ErrChanged) {
		return nil, fmt.Errorf("%w: %s's application changed while it was being corrected; nothing was changed; run %s again", ErrInput, name, Edit)
	} else if err != nil {
		return nil, err
	}
	res.Stored = true
	res.Message = fmt.Sprintf("Stored %d changes to %s's application. Proposals made before now no longer commit; run propose again.", len(res.Changes), name)
	r.Log.Info("application corrected", "cycle", cy.ID, "application", a.ID, "changes", len(res.Changes))
	return res, nil
}

// correct applies corrections (as forms.Correct takes them) to a copy of the application and
// validates them as the API would; a refusal names the applicant.
func correct(a *store.Application, corrections []byte) (forms.Form, error) {
	name := a.Form.Applicant().Name
	corrected, err := forms.Correct(a.Role, a.Form, corrections)
	var fe *forms.Error
	if errors.As(err, &fe) {
		msg := fe.Message
		for _, field := range slices.Sorted(maps.Keys(fe.Fields)) {
			msg += fmt.Sprintf(" %s: %s", field, fe.Fields[field])
		}
		return nil, fmt.Errorf("%w: the corrections to %s's application (%s) were refused; nothing was changed. %s", ErrInput, name, a.ID, msg)
	}
	if err != nil {
		return nil, err
	}
	if forms.NormalEmail(corrected.Applicant().Email) != forms.NormalEmail(a.Email) {
		return nil, fmt.Errorf("%w: the email address identifies %s's application (%s) and cannot be corrected; nothing was changed", ErrInput, name, a.ID)
	}
	return corrected, nil
}
