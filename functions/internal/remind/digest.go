package remind

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// helpFor is how long a "we need help" answer stays in the digest.
const helpFor = 35 * 24 * time.Hour

// unconfirmedAfter is how old an unconfirmed claim must be before the digest reports it, so that
// a run still sending is not reported.
const unconfirmedAfter = time.Hour

// digest sends the staff digest to each staff address.
func (r *Reminder) digest(ctx context.Context, c *cohort, msg string) (int, error) {
	if len(r.Staff) == 0 {
		return 0, nil
	}
	body, err := r.digestBody(ctx, c)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, to := range r.Staff {
		out, err := texts[DigestPrefix].Render(to, map[string]string{"Cycle": c.cycle.ID, "Day": r.Calendar.Day(c.now)}, markdown.Blocks{"Body": body})
		if err != nil {
			return sent, err
		}
		m := &store.Sent{Cycle: c.cycle.ID, Message: msg, Person: store.EmailKey(to), ClaimedAt: c.now.UTC(), Expires: c.cycle.Expiry()}
		if c.markers[went(m)] != nil {
			continue
		}
		ok, err := r.deliver(ctx, c, m, out)
		if ok {
			sent++
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}

// pairName names a pair for staff: "Jordan Avery (mentee) with Rosa Delgado (mentor)".
func pairName(p *pair) string {
	return fmt.Sprintf("%s (mentee) with %s (mentor)", p.name(forms.RoleMentee), p.name(forms.RoleMentor))
}

// digestBody writes the digest's sections, each a heading and a list: what needs a person. It
// names pairs and people and says what is waiting; it never quotes an answer (no reasons, no
// survey answers, no preferences).
func (r *Reminder) digestBody(ctx context.Context, c *cohort) (markdown.Block, error) {
	cal, cy, now := r.Calendar, c.cycle, c.now
	var sections []markdown.Block
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			sections = append(sections, markdown.Heading(markdown.Plain(title)), markdown.Paragraph(markdown.Plain("None.")))
			return
		}
		sort.Strings(lines)
		items := make([]markdown.Inline, len(lines))
		for i, l := range lines {
			items[i] = markdown.Plain(l)
		}
		sections = append(sections, markdown.Heading(markdown.Plain(title)), markdown.List(items...))
	}
	var active []*pair
	for _, p := range c.pairs {
		if !p.withdrawn(forms.RoleMentor) && !p.withdrawn(forms.RoleMentee) {
			active = append(active, p)
		}
	}

	goals := cy.Window(program.Goals)
	if !now.Before(goals.Opens) {
		var missing []string
		for _, p := range active {
			if len(p.year.Goals) == 0 {
				missing = append(missing, pairName(p))
			}
		}
		title := fmt.Sprintf("Goals not yet received (due by %s): %d of %d pairs", cal.LastDay(goals), len(missing), len(active))
		if !now.Before(goals.Closes) {
			title = fmt.Sprintf("Goals late (they were due by %s): %d of %d pairs", cal.LastDay(goals), len(missing), len(active))
		}
		section(title, missing)
	}

	var help []string
	for _, p := range active {
		for _, e := range p.year.CheckIns {
			if e.Answers.(*forms.CheckIn).HowGoing == forms.HowNeedHelp && now.Sub(e.SentAt) < helpFor {
				help = append(help, fmt.Sprintf("%s: the %s answered \"we need help\" on %s", pairName(p), e.Role, cal.Day(e.SentAt)))
			}
		}
		if t := p.year.Tracker; t != nil && t.Answers.(*forms.Tracker).CallMe == forms.Yes {
			help = append(help, fmt.Sprintf("%s: asked on the mid-point tracker (%s) for the office to get in touch", pairName(p), cal.Day(t.SentAt)))
		}
	}
	section("Pairs asking for help", help)

	// Contact, from the days pairs said they were in touch: pairs not yet in touch a while after
	// their match (its clock starts when the pair was matched, or when the year began), pairs
	// quiet for a while since, and how many kept to twice a month last month.
	reportAfter := time.Duration(cal.FirstContactReportDays) * 24 * time.Hour
	quietFor := time.Duration(cal.QuietDays) * 24 * time.Hour
	lastMonth := program.PreviousMonth(cal.Month(now))
	var notYet, silent []string
	keeping, counted := 0, 0
	for _, p := range active {
		clock := contactClock(cy, p.match)
		switch last := p.year.LastContact(); {
		case last.IsZero() && now.Sub(clock) >= reportAfter:
			notYet = append(notYet, fmt.Sprintf("%s: matched on %s", pairName(p), cal.Day(p.match.CreatedAt)))
		case !last.IsZero() && now.Sub(last) >= quietFor:
			silent = append(silent, fmt.Sprintf("%s: last in touch on %s", pairName(p), cal.Day(last)))
		}
		// Pairs together from (nearly) the start of last month: matched by its eighth day.
		if clock.Before(time.Date(lastMonth/100, time.Month(lastMonth%100), 8, 0, 0, 0, 0, cal.Location())) {
			counted++
			if p.year.ContactsIn(lastMonth) >= program.ContactsPerMonth {
				keeping++
			}
		}
	}
	section(fmt.Sprintf("Pairs not yet in touch %d days after their match", cal.FirstContactReportDays), notYet)
	section(fmt.Sprintf("Pairs with no contact recorded for %d days", cal.QuietDays), silent)
	if counted > 0 {
		sections = append(sections, markdown.Heading(markdown.Plain("In touch twice a month, as the program asks")),
			markdown.Paragraph(markdown.Plain(fmt.Sprintf("In %s: %s.", program.MonthWords(lastMonth), share(keeping, counted, "pairs")))))
	}

	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return markdown.Block{}, err
	}
	byMatch := map[string]*pair{}
	for _, p := range c.pairs {
		byMatch[p.match.Key()] = p
	}
	var waiting []string
	for _, q := range requests {
		if p := byMatch[q.Match]; p != nil && q.Status == store.RematchSubmitted {
			waiting = append(waiting, fmt.Sprintf("rematch: %s, asked by the %s on %s", pairName(p), q.Role, cal.Day(q.CreatedAt)))
		}
	}
	waiting = append(waiting, needingPartners(c, cal)...)
	section("Rematch requests and people who need a new partner", waiting)

	var rates []string
	if w := cy.Window(program.Tracker); !now.Before(w.Opens) {
		n := 0
		for _, p := range active {
			if p.year.Tracker != nil {
				n++
			}
		}
		rates = append(rates, fmt.Sprintf("mid-point tracker (closes %s): %s", cal.LastDay(w), share(n, len(active), "pairs")))
	}
	if w := cy.Window(program.Survey); !now.Before(w.Opens) {
		answered := map[string]bool{} // by person: a mentor of several pairs counts once
		for _, p := range c.pairs {
			for _, role := range forms.Roles {
				if id := p.apps[role].ID; !p.withdrawn(role) {
					answered[id] = answered[id] || p.year.Surveys[role] != nil
				}
			}
		}
		n := 0
		for _, yes := range answered {
			if yes {
				n++
			}
		}
		rates = append(rates, fmt.Sprintf("wrap-up survey (closes %s): %s", cal.LastDay(w), share(n, len(answered), "people")))
	}
	if len(rates) > 0 {
		section("Response rates so far", rates)
	}

	var unconfirmed []string
	for _, m := range c.markers {
		if m.Delivered || now.Sub(m.ClaimedAt) < unconfirmedAfter {
			continue
		}
		what := about(cal, m.Message)
		if strings.HasPrefix(m.Message, store.MailPrefix) {
			what = "the email " + m.Text
		}
		unconfirmed = append(unconfirmed, fmt.Sprintf("%s, to %s, on %s: please check it reached them",
			what, c.who(m.Person), cal.Day(m.ClaimedAt)))
	}
	if len(unconfirmed) > 0 {
		section("Messages that may not have gone out (a run stopped while sending)", unconfirmed)
	}
	return markdown.Join(sections...), nil
}

// who names a message's recipient for staff: "Jordan Avery (mentee)", or "a staff address".
func (c *cohort) who(person string) string {
	if a := c.life.Apps[person]; a != nil {
		return fmt.Sprintf("%s (%s)", a.Form.Applicant().Name, a.Role)
	}
	return "a staff address"
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// share writes "3 of 10 pairs (30%)".
func share(n, of int, what string) string {
	if of == 0 {
		return "no " + what + " yet"
	}
	return fmt.Sprintf("%d of %d %s (%d%%)", n, of, what, n*100/of)
}

// needingPartners are the people whose last match ended and who have no partner now, each with
// how their match ended: the next rematch pairs them first.
func needingPartners(c *cohort, cal *program.Calendar) []string {
	var out []string
	for _, a := range c.life.List() {
		if c.life.Person(a.ID) != lifecycle.NeedsPartner {
			continue
		}
		var last *store.Match
		for _, m := range c.life.Matches {
			if (m.Mentor == a.ID || m.Mentee == a.ID) && (last == nil || m.EndedAt.After(last.EndedAt)) {
				last = m
			}
		}
		other, them := last.Mentor, "their partner" // one whom staff erased has no name left
		if other == a.ID {
			other = last.Mentee
		}
		if b := c.life.Apps[other]; b != nil {
			them = b.Form.Applicant().Name
		}
		how := "ended"
		switch last.EndReason {
		case store.EndWithdrawal:
			how = "ended as " + them + " left the program"
		case store.EndRematch:
			how = "ended by a rematch"
		}
		out = append(out, fmt.Sprintf("needs a new partner: %s (%s); the match with %s %s on %s", a.Form.Applicant().Name, a.Role,
			them, how, cal.Day(last.EndedAt)))
	}
	return out
}
