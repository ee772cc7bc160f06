package remind

import (
	"context"
	"errors"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// FirstContact is the kind nudge to each person of a pair that has not said it is in touch
// first_contact_nudge_days after it was matched (or after the program began, for pairs matched
// before): once a pair, on the first working day it is due.
const FirstContact = "first-contact"

// ContactPage is the page on which a person records that their pair was in touch; an email's
// one-click link opens it, and its button records the day.
var ContactPage = forms.PairPath + "/" + forms.ContactForm.Name

var firstContactText = notify.MustLoad("first-contact")

// contactClock is when a pair's clock of first contact starts: when it was matched, or when the
// program began for pairs matched before it.
func contactClock(cy *program.Cycle, m *store.Match) time.Time {
	return later(m.CreatedAt, cy.Window(program.ProgramStart).Opens)
}

// nudgeDay is the calendar day from which a pair without first contact is due its nudge.
func (r *Reminder) nudgeDay(cy *program.Cycle, m *store.Match) time.Time {
	t := contactClock(cy, m).In(r.Calendar.Location())
	return time.Date(t.Year(), t.Month(), t.Day()+r.Calendar.FirstContactNudgeDays, 0, 0, 0, 0, t.Location())
}

// nudges sends FirstContact to each person of every current pair that is due it, and says how
// many went. Nobody who left is nudged, nor the partner of someone who left, nor an ended pair.
func (r *Reminder) nudges(ctx context.Context, c *cohort) (int, error) {
	if r.Calendar.Holiday(c.now) != "" {
		return 0, nil // the first working day after it sends what is due
	}
	sent := 0
	var errs []error
	for _, p := range c.pairs {
		if p.withdrawn(forms.RoleMentor) || p.withdrawn(forms.RoleMentee) || !p.year.FirstContact().IsZero() ||
			c.now.Before(r.nudgeDay(c.cycle, p.match)) {
			continue
		}
		for _, role := range forms.Roles {
			ok, err := r.nudge(ctx, c, p, role)
			if ok {
				sent++
			}
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return sent, errors.Join(errs...)
}

// nudge sends one person of the pair the first-contact nudge unless it went already.
func (r *Reminder) nudge(ctx context.Context, c *cohort, p *pair, role forms.Role) (bool, error) {
	me, them := p.apps[role], p.apps[partner(role)]
	m := &store.Sent{Cycle: c.cycle.ID, Message: FirstContact, Person: me.ID, Match: p.match.Key(), ClaimedAt: c.now.UTC(), Expires: c.cycle.Expiry()}
	if c.markers[went(m)] != nil {
		return false, nil
	}
	who := &recipient{role: role, app: me, pairs: []*pair{p}}
	maker := r.links(c.now)
	link, err := who.link(ctx, maker, c.cycle, "")
	if err != nil {
		return false, err
	}
	contact, err := who.link(ctx, maker, c.cycle, ContactPage)
	if err != nil {
		return false, err
	}
	out, err := firstContactText.Render(me.Email, map[string]string{
		"Name": me.Form.Applicant().Name, "PartnerRole": string(partner(role)), "PartnerName": them.Form.Applicant().Name,
		"PartnerEmail": them.Email, "Matched": r.Calendar.Day(p.match.CreatedAt), "Cycle": c.cycle.Title(),
		"LinkURL": link, "ContactURL": contact,
	})
	if err != nil {
		return false, err
	}
	return r.deliver(ctx, c, m, out)
}
