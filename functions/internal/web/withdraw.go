package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// withdraw records, through the lifecycle, that the sender of the withdrawal e leaves the
// program: each of their active matches ends and they are withdrawn for the cycle.
func (h *participants) withdraw(ctx context.Context, p *participant, e *store.Entry) error {
	life, err := lifecycle.Load(ctx, h.Store, p.cycle, h.Now())
	if err != nil {
		return err
	}
	if _, err := life.Withdraw(ctx, h.Store, p.me.ID, e.SentAt); err != nil {
		return err
	}
	p.match.Ended = true
	return nil
}

// tellLeftBehind sends the kind notice to every partner the sender's leaving left behind (the
// other side of each match it ended), and tells staff who now needs a new partner.
func (h *participants) tellLeftBehind(ctx context.Context, p *participant) error {
	life, err := lifecycle.Load(ctx, h.Store, p.cycle, h.Now())
	if err != nil {
		return err
	}
	var names []string
	for _, m := range life.Matches {
		if m.EndReason != store.EndWithdrawal || m.EndedBy != p.role || (m.Mentor != p.me.ID && m.Mentee != p.me.ID) {
			continue
		}
		partner := life.Apps[m.Mentee]
		if p.role == forms.RoleMentee {
			partner = life.Apps[m.Mentor]
		}
		link, err := h.linker(ctx).Link(ctx, store.Person{Cycle: p.cycle.ID, Role: partner.Role, ID: partner.ID}, p.cycle.Span().Closes, "")
		if err != nil {
			return err
		}
		msg, err := h.partnerWithdrew.Render(partner.Email, map[string]string{"Name": partner.Form.Applicant().Name,
			"PartnerName": p.me.Form.Applicant().Name, "PartnerRole": string(p.role), "Cycle": p.cycle.Title(), "Link": link})
		if err != nil {
			return err
		}
		if err := h.Mail.Send(ctx, msg); err != nil {
			return err
		}
		names = append(names, partner.Form.Applicant().Name+" ("+string(p.partnerRole())+")")
	}
	if len(names) == 0 {
		return nil
	}
	matches := "match"
	if len(names) > 1 {
		matches = strconv.Itoa(len(names)) + " matches"
	}
	for _, to := range h.Staff {
		msg, err := h.staffLeft.Render(to, map[string]string{"Cycle": p.cycle.ID, "Day": h.Calendar.Day(h.Now()),
			"Who": p.me.Form.Applicant().Name, "Role": string(p.role), "Matches": matches, "LeftBehind": strings.Join(names, ", ")})
		if err != nil {
			return err
		}
		if err := h.Mail.Send(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}

// endedWords say that the participant's match has ended, and why as far as they may know.
func (h *participants) endedWords(p *participant) string {
	day := h.Calendar.Day(p.match.EndedAt)
	them := p.partner.Form.Applicant().Name
	if p.match.EndReason == store.EndWithdrawal && p.match.EndedBy == p.partnerRole() {
		return "Your match with " + them + " ended on " + day + ": " + them + " can no longer take part in the program. " +
			"The ALSC office will be in touch with you about what comes next, which may be a new match."
	}
	return "Your match with " + them + " ended on " + day + ", so its forms can no longer be sent. " +
		"If you have a new partner, your introduction to them carries the link to your new pair's page."
}
