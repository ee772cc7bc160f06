package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// SessionCookie carries a signed-in participant's session. The __Host- prefix makes browsers
// accept it only from this site over HTTPS, for the whole site and no other host; HttpOnly
// keeps it from page scripts, and SameSite=Lax from requests other sites' pages send.
const SessionCookie = "__Host-alsc_session"

// SessionPath is where a browser already signed in as one person confirms switching to the
// person whose link it opened.
const SessionPath = "/api/session"

// LinksPerDay is how many new links one address may ask for in a day.
const LinksPerDay = 3

// errSeveralPairs means the signed-in person has several current pairs and the request did not
// say which it is about.
type errSeveralPairs struct {
	me    *store.Application
	cycle *program.Cycle
	pairs []choice
}

func (e *errSeveralPairs) Error() string { return "web: the person has several pairs" }

// choice is one of a person's pairs, as the list to choose from shows it.
type choice struct {
	match   *store.Match
	partner *store.Application
}

// signedIn is the participant whose session the request carries, with the pair it is about
// (?with=<the partner's id>, needed only by a person with several current pairs).
func (h *participants) signedIn(r *http.Request) (*participant, error) {
	s, err := h.session(r)
	if err != nil {
		return nil, err
	}
	return h.participant(r.Context(), s.Person, r.URL.Query().Get("with"))
}

// session is the request's session; errUnknownLink when it carries none that works.
func (h *participants) session(r *http.Request) (*store.Session, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, errUnknownLink
	}
	s, err := h.Store.SessionOf(r.Context(), store.SecretHash(c.Value), h.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnknownLink
	}
	return s, err
}

// participant is person with one of their pairs: the one whose partner has the id with, or
// else their one current pair (or, with none current, the one that ended last).
func (h *participants) participant(ctx context.Context, person store.Person, with string) (*participant, error) {
	cy, ok := h.Calendar.Cycle(person.Cycle)
	if !ok {
		return nil, errUnknownLink
	}
	me, err := h.Store.ApplicationByID(ctx, cy.ID, person.Role, person.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnknownLink
	}
	if err != nil {
		return nil, err
	}
	all, err := h.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	p := &participant{cycle: cy, role: person.Role, me: me}
	var mine, current []*store.Match
	for _, m := range all {
		if m.Mentor == me.ID && p.role == forms.RoleMentor || m.Mentee == me.ID && p.role == forms.RoleMentee {
			mine = append(mine, m)
			if !m.Ended {
				current = append(current, m)
			}
		}
	}
	p.many, p.mine = len(current) > 1, mine
	switch i := slices.IndexFunc(mine, func(m *store.Match) bool { return p.partnerOf(m) == with }); {
	case with != "" && i >= 0:
		p.match = mine[i]
	case len(current) == 1:
		p.match = current[0]
	case len(current) == 0 && len(mine) > 0:
		p.match = slices.MaxFunc(mine, func(a, b *store.Match) int { return a.EndedAt.Compare(b.EndedAt) })
	case len(current) == 0:
		return nil, errUnknownLink
	default:
		several := &errSeveralPairs{me: me, cycle: cy}
		for _, m := range current {
			partner, err := h.Store.ApplicationByID(ctx, cy.ID, p.partnerRole(), p.partnerOf(m))
			if err != nil {
				return nil, err
			}
			several.pairs = append(several.pairs, choice{m, partner})
		}
		return nil, several
	}
	if p.partner, err = h.Store.ApplicationByID(ctx, cy.ID, p.partnerRole(), p.partnerOf(p.match)); err != nil {
		return nil, err
	}
	if p.year, err = h.Store.PairYear(ctx, cy.ID, p.match.Key()); err != nil {
		return nil, err
	}
	requests, err := h.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, q := range requests {
		if q.Match == p.match.Key() && q.Role == p.role {
			p.rematch = q
		}
	}
	return p, nil
}

// partnerOf is the id of the person's partner in m.
func (p *participant) partnerOf(m *store.Match) string {
	if p.role == forms.RoleMentor {
		return m.Mentee
	}
	return m.Mentor
}

// url is the address of a page or form action about this participant's pair: path as given
// (forms.PairPath, a form's Action, …), naming the pair when the person has several.
func (p *participant) url(path string) string {
	if !p.many {
		return path
	}
	return withPair(path, p.partner.ID)
}

// withPair adds ?with=<partner id> to path, keeping its query and fragment.
func withPair(path, partner string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("with", partner)
	u.RawQuery = q.Encode()
	return u.String()
}

// signIn answers a personal link (GET /api/pair?token=…[&next=…]), and the confirmation that a
// browser signed in as someone else switches to its person (POST /api/session). The link is
// exchanged for a new session whose cookie later requests carry, and the browser is sent on to
// the page the link names, without the secret in its address bar.
func (h *participants) signIn(w http.ResponseWriter, r *http.Request, secret, next string, confirmed bool) outcome {
	ctx, now := r.Context(), h.Now()
	link, err := h.Store.LinkOf(ctx, store.SecretHash(secret), now)
	if errors.Is(err, store.ErrNotFound) {
		err = errUnknownLink
	}
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	current, err := h.session(r)
	if err != nil && !errors.Is(err, errUnknownLink) {
		return h.fault(w, r, err)
	}
	if current != nil && current.Person != link.Person && !confirmed {
		return h.askToSwitch(w, r, current.Person, link.Person, secret, next)
	}
	cy, ok := h.Calendar.Cycle(link.Cycle)
	me, err := h.Store.ApplicationByID(ctx, link.Cycle, link.Role, link.ID)
	if err != nil || !ok {
		return h.unknownLink(w, r, cmp.Or(err, errUnknownLink))
	}
	if link.Requested && me.LinksFrom < link.IssuedAt.Unix() {
		// The first use of a link the person asked for retires the older ones: one that went
		// astray stops working once its owner has a new one.
		if err := h.Store.RetireLinks(ctx, me, link.IssuedAt); err != nil {
			return h.fault(w, r, err)
		}
	}
	session, hash := store.NewSecret()
	if err := h.Store.AddSession(ctx, link.Person, hash, now, cy.LinksEnd()); err != nil {
		return h.fault(w, r, err)
	}
	if c, err := r.Cookie(SessionCookie); err == nil && current != nil {
		if err := h.Store.EndSession(ctx, store.SecretHash(c.Value)); err != nil {
			h.Log.Warn("the replaced session was not ended", "error", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: session, Path: "/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, Expires: cy.LinksEnd()})
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", links.Next(next))
	w.WriteHeader(http.StatusSeeOther)
	return outcome{name: "signed_in", status: http.StatusSeeOther, role: link.Role, cycle: link.Cycle}
}

// switchSession answers POST /api/session: the confirmed switch to the person whose link the
// browser opened.
func (h *participants) switchSession(w http.ResponseWriter, r *http.Request) outcome {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("token") == "" {
		h.writeProblem(w, r, problem{status: http.StatusBadRequest,
			message: "This page needs the personal link it was opened from. Open the link in your email again."}, false, nil, nil, "")
		return outcome{name: "refused", status: http.StatusBadRequest}
	}
	return h.signIn(w, r, r.PostForm.Get("token"), r.PostForm.Get("next"), true)
}

// askToSwitch shows a browser signed in as one person, opening another's link, what it would
// change, and lets it switch (a form whose button signs in the link's person) or stay.
func (h *participants) askToSwitch(w http.ResponseWriter, r *http.Request, current, other store.Person, secret, next string) outcome {
	ctx := r.Context()
	now, err := h.Store.ApplicationByID(ctx, current.Cycle, current.Role, current.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return h.fault(w, r, err)
	}
	them, err := h.Store.ApplicationByID(ctx, other.Cycle, other.Role, other.ID)
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	signedInAs := "someone else"
	if now != nil {
		signedInAs = now.Form.Applicant().Name
	}
	w.Header().Set("Cache-Control", "no-store")
	h.component(w, r, http.StatusOK, "Switch to another person's page",
		switchPage(switchView{Current: signedInAs, Other: them.Form.Applicant().Name, Secret: secret, Next: links.Next(next)}), false)
	return outcome{name: "switch_asked", status: http.StatusOK, role: other.Role, cycle: other.Cycle}
}

// pairsOf finds the people with this address who have a pair (current or ended) in a cycle
// under way, or whose certificates may still be printed, one for each cycle and role.
func (h *participants) pairsOf(ctx context.Context, email string) ([]found, error) {
	var list []found
	for i := range h.Calendar.Cycles {
		cy := &h.Calendar.Cycles[i]
		if now := h.Now(); now.Before(cy.Span().Opens) || !now.Before(cy.LinksEnd()) {
			continue
		}
		parts, err := h.Store.Participations(ctx, cy.ID, email)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if !slices.ContainsFunc(list, func(f found) bool { return f.cy == cy && f.app.ID == p.App.ID }) {
				list = append(list, found{cy, p.App})
			}
		}
	}
	return list, nil
}

// found is a person asking for a new link, in one cycle.
type found struct {
	cy  *program.Cycle
	app *store.Application
}

// sendLinks owes each person found a new link they asked for, at most LinksPerDay a day per
// address, in the one write that counts the request (package outbox sends them, each with a
// link minted then); asking retires no link (see package links). It returns how many links it
// owed.
func (h *participants) sendLinks(ctx context.Context, email string, list []found) (int, error) {
	if len(list) == 0 {
		return 0, nil
	}
	now := h.Now()
	// The day's count is kept as long as a link it owes would work, so that an outage of the
	// mail service of any length delays the link and loses nothing.
	until := now.AddDate(0, 0, 2)
	for _, f := range list {
		if end := f.cy.LinksEnd(); end.After(until) {
			until = end
		}
	}
	request := make([]byte, 8) // the request's own id: two requests owe two emails, whatever the clock says
	_, _ = rand.Read(request)
	var owes []store.Email
	for _, f := range list {
		owes = append(owes, store.Email{ID: "new-link-" + f.app.ID + "-" + hex.EncodeToString(request), Text: "new-link",
			To:     store.Recipient{Cycle: f.cy.ID, Role: f.app.Role, ID: f.app.ID, Asked: true},
			Values: map[string]string{"Name": f.app.Form.Applicant().Name, "Cycle": f.cy.Title()}})
	}
	err := h.Store.CountLinkRequest(ctx, email, now.In(h.Calendar.Location()).Format(time.DateOnly), LinksPerDay, now, until, owes...)
	if errors.Is(err, store.ErrTooManyLinks) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("web: new link of %s: %w", h.Calendar.Day(now), err)
	}
	return len(owes), nil
}
