package local

import (
	"context"
	"errors"
	"fmt"
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

// demoFinisher is the demo mentee whose pair SeedDemoYearSent fills in: Casey Morgan.
const demoFinisher = "pair-mentee-01"

// SeedDemoYearSent fills in, once the demo year's wrap-up survey has closed, what one demo pair
// (Casey Morgan's, with her mentor) sent during the year and has not sent yet: its goals, the
// mid-point tracker and both wrap-up surveys, each dated within its window and agreeing that the
// certificates name the partners, so that a demo started after the survey has a certificate of
// completion to show. Before then, or without the demo pairs, it does nothing; it returns how many
// entries it added, and owes no email (its entries owe nothing).
func SeedDemoYearSent(ctx context.Context, st *store.Store, cal *program.Calendar, now time.Time) (int, error) {
	cy, ok := cal.Cycle(DemoYear)
	if !ok || now.Before(cy.Window(program.Survey).Closes) {
		return 0, nil
	}
	matches, err := st.Matches(ctx, cy.ID)
	if err != nil {
		return 0, err
	}
	var m *store.Match
	for _, x := range matches {
		if x.Mentee == demoFinisher && !x.Ended {
			m = x
		}
	}
	if m == nil {
		return 0, nil
	}
	in := func(key string) time.Time { return cy.Window(key).Opens.Add(3*24*time.Hour + 15*time.Hour) }
	survey := func(role forms.Role) *forms.Survey {
		return &forms.Survey{Worked: "Talking every other week, and the " + string(role) + "'s ideas for story times.",
			NotWorked: "Finding a time in December.", RatingOverall: forms.Rating5, RatingMatch: forms.Rating5, RatingSupport: forms.Rating4,
			Objectives: []string{"skills", "connections"}, Again: forms.AgainEither, PartnerOnCertificate: forms.Yes}
	}
	entries := []*store.Entry{
		{Kind: store.KindGoals, Role: forms.RoleMentee, Version: 1, SentAt: in(program.Goals), Answers: &forms.Goals{
			Goal1: "Plan a family story time together", Objectives1: []string{"skills"}, Measure1: "It runs by March."}},
		{Kind: store.KindTracker, Role: forms.RoleMentor, SentAt: in(program.Tracker), Answers: &forms.Tracker{
			Progress1: forms.ProgressUnderWay, Note1: "The first one drew twelve families.", Contact: forms.ContactTwiceMonthly,
			Working: "Our video calls.", CallMe: forms.No}},
		{Kind: store.KindSurvey, Role: forms.RoleMentee, SentAt: in(program.Survey), Answers: survey(forms.RoleMentee)},
		{Kind: store.KindSurvey, Role: forms.RoleMentor, SentAt: in(program.Survey), Answers: survey(forms.RoleMentor)},
	}
	added := 0
	for _, e := range entries {
		e.Cycle, e.Match, e.Expires = cy.ID, m.Key(), cy.Expiry() // no Owes: the demo owes no email
		e.Hash = fmt.Sprintf("demo-%s-%s", e.Kind, e.Role)
		if e.Kind == store.KindGoals || e.Kind == store.KindTracker {
			y, err := st.PairYear(ctx, cy.ID, m.Key())
			if err != nil {
				return added, err
			}
			if e.Kind == store.KindGoals && len(y.Goals) > 0 || e.Kind == store.KindTracker && y.Tracker != nil {
				continue
			}
		}
		switch _, err := st.AddEntry(ctx, e); {
		case err == nil:
			added++
		case !errors.Is(err, store.ErrEntryExists):
			return added, err
		}
	}
	return added, nil
}
