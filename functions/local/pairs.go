package local

import (
	"context"
	"log/slog"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The demo pairs: three mentors and three mentees with no required preferences, so that every
// one of them is paired.
var (
	pairMentors = []demoPerson{
		{name: "Beatriz Ramos", state: "TX", zone: forms.TimeZoneCentral, gender: forms.GenderWoman, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyProgramming, forms.CompetencyOutreach}, capacity: 1, years: 12},
		{name: "Walter Nguyen", state: "WA", zone: forms.TimeZonePacific, gender: forms.GenderMan, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyMaterials, forms.CompetencyReference}, capacity: 1, years: 18},
		{name: "Ada Osei", state: "MD", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyAdministration, forms.CompetencyProfessionalism}, capacity: 1, years: 8},
	}
	pairMentees = []demoPerson{
		{name: "Casey Morgan", state: "OK", zone: forms.TimeZoneCentral, gender: forms.GenderNonbinary, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyProgramming}, situation: forms.SituationEarlyCareer},
		{name: "Ines Castillo", state: "OR", zone: forms.TimeZonePacific, gender: forms.GenderWoman, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyMaterials}, situation: forms.SituationStudent},
		{name: "Theo Park", state: "VA", zone: forms.TimeZoneEastern, gender: forms.GenderMan, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyAdministration}, situation: forms.SituationReturning},
	}
)

// SeedDemoPairs matches the demo pairs in the calendar's DemoYear cycle, through the matcher's own
// propose and commit, as of the clock now, and sends what the commit owes (each person's
// introduction, with a personal link to siteURL) to mail through the outbox's sender. It does nothing when the cycle already has matches or the calendar has no such cycle; it
// returns how many pairs it matched.
func SeedDemoPairs(ctx context.Context, st *store.Store, cal *program.Calendar, mail notify.Sender, siteURL string, log *slog.Logger, now func() time.Time) (int, error) {
	cy, ok := cal.Cycle(DemoYear)
	if !ok {
		return 0, nil
	}
	if matches, err := st.Matches(ctx, cy.ID); err != nil || len(matches) > 0 {
		return 0, err
	}
	if _, err := addAccepted(ctx, st, cy, "pair", pairMentors, pairMentees); err != nil {
		return 0, err
	}
	r := &season.Runner{Store: st, Calendar: cal, Weights: scoring.DefaultWeights(), Mail: mail, SiteURL: siteURL,
		Log: log, Now: now}
	prop, err := r.Run(ctx, season.Event{Cycle: cy.ID, Mode: season.Propose})
	if err != nil {
		return 0, err
	}
	res, err := r.Run(ctx, season.Event{Cycle: cy.ID, Mode: season.Commit, Proposal: prop.Proposal})
	if err != nil {
		return 0, err
	}
	maker := &links.Maker{Store: st, SiteURL: siteURL, Now: now}
	sender := &outbox.Sender{Store: st, Mail: mail, Links: maker.ForRecipients(cal), Log: log, Now: now}
	if _, err := sender.Sweep(ctx, now().Add(time.Second)); err != nil {
		return res.New, err
	}
	return res.New, nil
}
