package season

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// What review lists, as package staffpages shows it.
type (
	Entry           = staffpages.Entry
	RequestEntry    = staffpages.RequestEntry
	WithdrawalEntry = staffpages.WithdrawalEntry
)

// review records staff's decisions, all checked before any is stored, then lists the cycle's
// applications, rematch requests and withdrawals as they now stand.
func (r *Runner) review(ctx context.Context, cy *program.Cycle, ev ReviewRequest) (*Result, error) {
	life, err := lifecycle.Load(ctx, r.Store, cy, r.Now())
	if err != nil {
		return nil, err
	}
	list, apps := life.List(), applications(life.Apps)
	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*store.RematchRequest{}
	for _, q := range requests {
		byKey[reviewKey(q)] = q
	}
	var unknown []string
	for _, id := range slices.Concat(ev.Accept, ev.Decline) {
		if apps[id] == nil {
			unknown = append(unknown, id)
		}
	}
	for _, k := range slices.Concat(ev.AcceptRematch, ev.DeclineRematch) {
		if byKey[k] == nil {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%w: no application or rematch request %v in %s; nothing was changed", ErrInput, unknown, cy.ID)
	}
	var accepting []*store.RematchRequest
	for _, k := range ev.AcceptRematch {
		accepting = append(accepting, byKey[k])
	}
	notes, err := r.checkWindow(cy, accepting, apps, ev.LateRematch)
	if err != nil {
		return nil, err
	}
	decide := func(write bool) error {
		for _, d := range []struct {
			ids    []string
			status store.Status
		}{{ev.Accept, store.StatusAccepted}, {ev.Decline, store.StatusDeclined}} {
			for _, id := range d.ids {
				err := life.CanDecide(id, d.status)
				if err == nil && write {
					err = life.Decide(ctx, r.Store, id, d.status)
				}
				if refused := (*lifecycle.RefusedError)(nil); errors.As(err, &refused) {
					return fmt.Errorf("%w: %s Nothing was changed", ErrInput, refused.Message)
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := decide(false); err != nil {
		return nil, err
	}
	if err := decide(true); err != nil {
		return nil, err
	}
	for _, d := range []struct {
		keys   []string
		status store.RematchStatus
	}{{ev.AcceptRematch, store.RematchAccepted}, {ev.DeclineRematch, store.RematchDeclined}} {
		for _, k := range d.keys {
			if err := r.Store.SetRematchStatus(ctx, byKey[k], d.status); err != nil {
				return nil, err
			}
		}
	}
	res := &Result{Mode: Review, Cycle: cy.ID, Notes: notes, Reviewed: &Reviewed{}}
	for _, q := range requests {
		res.Requests = append(res.Requests, RequestEntry{Key: reviewKey(q), Mentee: q.Mentee(), Mentor: q.Mentor(),
			From: q.Role, Reason: q.Reason, Status: q.Status, Created: q.CreatedAt})
	}
	withdrawals, err := r.Store.Entries(ctx, cy.ID, store.KindWithdrawal)
	if err != nil {
		return nil, err
	}
	for _, e := range withdrawals {
		mentee, mentor, err := store.ParseMatchKey(e.Match)
		if err != nil {
			return nil, err
		}
		res.Withdrawals = append(res.Withdrawals, WithdrawalEntry{Mentor: mentor, Mentee: mentee, From: e.Role,
			Reason: e.Answers.(*forms.Withdrawal).Reason, Sent: e.SentAt})
	}
	problems, err := r.Store.MailProblems(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		res.Applications = append(res.Applications, Entry{ID: a.ID, Role: a.Role, Email: a.Email, Status: a.Status, State: life.Person(a.ID),
			Submitted: a.SubmittedAt, Answers: a.Form, MailProblem: problems[store.EmailKey(a.Email)]})
	}
	files, err := r.reviewFiles(cy, res, apps)
	if err != nil {
		return nil, err
	}
	if res.Files, err = r.publish(ctx, cy, "the applications to review", "Fill in the spreadsheet and hand it back "+
		"with the matcher's decisions step.", files, res); err != nil {
		return nil, err
	}
	waiting := 0
	for _, e := range res.Applications {
		if e.Status == store.StatusSubmitted {
			waiting++
		}
	}
	res.Message = fmt.Sprintf("%s, %d waiting for a decision; %s. Read the review page; decide in the spreadsheet.",
		staffpages.Many(len(res.Applications), "application"), waiting, staffpages.Many(len(res.Requests), "rematch request"))
	r.Log.Info("review", "cycle", cy.ID, "accepted", len(ev.Accept), "declined", len(ev.Decline),
		"rematch_accepted", len(ev.AcceptRematch), "rematch_declined", len(ev.DeclineRematch))
	return res, nil
}

// reviewKey names a rematch request for staff: "<mentee id>#<mentor id>#<role asking>".
func reviewKey(q *store.RematchRequest) string {
	return q.Mentee() + "#" + q.Mentor() + "#" + string(q.Role)
}
