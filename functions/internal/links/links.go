// Package links makes personal links: addresses that sign a participant in to their page.
//
// Every email to a participant carries a link of its own, a fresh secret stored only by its hash
// (package store), working until the program year ends and the certificates' window after it
// closes (program.Cycle.LinksEnd). Opening one signs the browser in with a session, so the
// secret leaves the address bar; the session, not the link, is what later
// requests carry. Links are never replaced: asking for a new one adds one, and only opening an
// asked-for link retires the person's older links and sessions (store.RetireLinks).
package links

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Maker makes personal links to one site.
type Maker struct {
	Store   *store.Store
	SiteURL string           // e.g. https://mentoring.ala.org
	Now     func() time.Time // the clock; time.Now when nil
}

// Link returns a new personal link for p, working until the given time, that opens page (a
// path under forms.PairPath with its query, or "" for the person's page).
func (m *Maker) Link(ctx context.Context, p store.Person, until time.Time, page string) (string, error) {
	return m.make(ctx, p, until, page, false)
}

// Asked returns a new personal link the person asked for; opening it retires their older links.
func (m *Maker) Asked(ctx context.Context, p store.Person, until time.Time) (string, error) {
	return m.make(ctx, p, until, "", true)
}

func (m *Maker) make(ctx context.Context, p store.Person, until time.Time, page string, asked bool) (string, error) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	secret, hash := store.NewSecret()
	if err := m.Store.AddLink(ctx, p, hash, asked, now(), until); err != nil {
		return "", err
	}
	return URL(m.SiteURL, secret, page), nil
}

// ForRecipients is the outbox sender's Links (outbox.Sender): a new personal link for a person
// of a cycle of cal, opening their page (or the one the recipient names, to.Page), asked for
// when the recipient says so (to.Asked), and working until the cycle's links end
// (program.Cycle.LinksEnd); anyone else (a staff
// address, an applicant of no known cycle) gets the page for matched pairs.
func (m *Maker) ForRecipients(cal *program.Calendar) func(context.Context, store.Recipient) (string, error) {
	return func(ctx context.Context, to store.Recipient) (string, error) {
		cy, ok := cal.Cycle(to.Cycle)
		if to.Staff != "" || to.ID == "" || !ok {
			return m.SiteURL + "/participants/", nil
		}
		return m.make(ctx, store.Person{Cycle: to.Cycle, Role: to.Role, ID: to.ID}, cy.LinksEnd(), to.Page, to.Asked)
	}
}

// URL is the address of a personal link: the secret, and the page it opens after signing in.
func URL(siteURL, secret, page string) string {
	link := siteURL + forms.PairPath + "?token=" + secret
	if page != "" {
		link += "&next=" + url.QueryEscape(page)
	}
	return link
}

// Next is the page a personal link opens: next when it is a page of the participant's own
// (under forms.PairPath), otherwise the person's page, so that a link never leads elsewhere.
func Next(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(next, "//") ||
		(u.Path != forms.PairPath && !strings.HasPrefix(u.Path, forms.PairPath+"/")) || strings.Contains(u.Path, "..") {
		return forms.PairPath
	}
	return u.RequestURI()
}
