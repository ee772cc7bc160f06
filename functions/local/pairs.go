package local

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/matching"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The demo pairs: three mentors and three mentees with no required preferences, so that every
// one of them is paired.
var (
	pairMentors = []demoPerson{
		{name: "Beatriz Ramos", state: "TX", zone: "America/Chicago", gender: "woman", geo: "none", genderPref: "none", racePref: "none", areas: []string{"programming", "outreach"}, capacity: 1, years: 12},
		{name: "Walter Nguyen", state: "WA", zone: "America/Los_Angeles", gender: "man", geo: "none", genderPref: "none", racePref: "none", areas: []string{"materials", "reference"}, capacity: 1, years: 18},
		{name: "Ada Osei", state: "MD", zone: "America/New_York", gender: "woman", geo: "none", genderPref: "none", racePref: "none", areas: []string{"administration", "professionalism"}, capacity: 1, years: 8},
	}
	pairMentees = []demoPerson{
		{name: "Casey Morgan", state: "OK", zone: "America/Chicago", gender: "nonbinary", geo: "none", genderPref: "none", racePref: "none", areas: []string{"programming"}, situation: "early_career"},
		{name: "Ines Castillo", state: "OR", zone: "America/Los_Angeles", gender: "woman", geo: "none", genderPref: "none", racePref: "none", areas: []string{"materials"}, situation: "student"},
		{name: "Theo Park", state: "VA", zone: "America/New_York", gender: "man", geo: "none", genderPref: "none", racePref: "none", areas: []string{"administration"}, situation: "returning"},
	}
)

// SeedDemoPairs matches the demo pairs in the calendar's DemoYear cycle, through the matcher's own
// propose and commit, which write each person's introduction, with a personal link to siteURL, to
// mail. It does nothing when the cycle already has matches or the calendar has no such cycle; it
// returns how many pairs it matched.
func SeedDemoPairs(ctx context.Context, st *store.Store, cal *program.Calendar, mail notify.Sender, siteURL string, log *slog.Logger) (int, error) {
	cy, ok := cal.Cycle(DemoYear)
	if !ok {
		return 0, nil
	}
	if matches, err := st.Matches(ctx, cy.ID); err != nil || len(matches) > 0 {
		return 0, err
	}
	people := append(append([]demoPerson{}, pairMentors...), pairMentees...)
	for i, p := range people {
		role, id := forms.RoleMentee, fmt.Sprintf("pair-mentee-%02d", i-len(pairMentors)+1)
		if i < len(pairMentors) {
			role, id = forms.RoleMentor, fmt.Sprintf("pair-mentor-%02d", i+1)
		}
		email := strings.ToLower(strings.ReplaceAll(p.name, " ", ".")) + "@demo.example.org"
		form := p.form(role, email)
		_, err := st.AddApplication(ctx, &store.Application{ID: id, Cycle: cy.ID, Role: role, Email: email,
			Status: store.StatusAccepted, SubmittedAt: cy.Window(program.Applications).Opens.Add(time.Duration(i) * time.Hour),
			Hash: forms.Hash(role, form), Form: form, Expires: cy.Expiry()})
		if err != nil && err != store.ErrExists {
			return 0, err
		}
	}
	r := &matching.Runner{Store: st, Calendar: cal, Weights: scoring.DefaultWeights(), Mail: mail, SiteURL: siteURL,
		Log: log, Now: time.Now}
	prop, err := r.Run(ctx, matching.Event{Cycle: cy.ID, Mode: matching.Propose})
	if err != nil {
		return 0, err
	}
	res, err := r.Run(ctx, matching.Event{Cycle: cy.ID, Mode: matching.Commit, Proposal: prop.Proposal})
	if err != nil {
		return 0, err
	}
	return res.New, nil
}
