// Package cohorttest gives tests a matched demo cohort on a fresh table in the local
// DynamoDB-compatible server: the demo applicants, accepted, paired by the matcher's own propose
// and commit in the built-in calendar's first cycle.
package cohorttest

import (
	"context"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"io"
	"log/slog"
	"sort"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// Cohort is the matched demo cohort.
type Cohort struct {
	Store    *store.Store
	Calendar *program.Calendar
	Cycle    *program.Cycle
	Matches  []*store.Match    // in key order
	Emails   map[string]string // application id → address
	Names    map[string]string // application id → name
	Log      *slog.Logger      // discards
}

// discard is a mail sender for the matcher's introductions and staff emails, which these tests
// do not read.
type discard struct{}

func (discard) Send(context.Context, notify.Message) error { return nil }

// Matched builds the matched cohort, its store's client made with optFns (a test's faults, say),
// failing the test if it cannot.
func Matched(tb testing.TB, optFns ...func(*dynamodb.Options)) *Cohort {
	tb.Helper()
	ctx := context.Background()
	endpoint, table := dynalite.TestTable(tb)
	db := store.Local(endpoint, optFns...)
	if err := store.EnsureTable(ctx, db, table); err != nil {
		tb.Fatal(err)
	}
	c := &Cohort{Store: store.New(db, table), Calendar: program.DefaultCalendar(), Emails: map[string]string{}, Names: map[string]string{},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	c.Cycle = &c.Calendar.Cycles[0]
	if _, err := local.SeedDemo(ctx, c.Store, c.Calendar, c.Cycle.Span().Opens); err != nil {
		tb.Fatal(err)
	}
	m := &season.Runner{Store: c.Store, Calendar: c.Calendar, Weights: scoring.DefaultWeights(), Mail: discard{},
		SiteURL: "https://mentoring.example.org", Log: c.Log, Now: func() time.Time { return c.Cycle.Window(program.Propose).Opens }}
	prop, err := m.Run(ctx, season.Event{Cycle: c.Cycle.ID, Mode: season.Propose})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := m.Run(ctx, season.Event{Cycle: c.Cycle.ID, Mode: season.Commit, Proposal: prop.Proposal}); err != nil {
		tb.Fatal(err)
	}
	// The commit owes the introductions (package outbox): sent now, so that the cohort owes nothing.
	maker := &links.Maker{Store: c.Store, SiteURL: m.SiteURL, Now: m.Now}
	sender := &outbox.Sender{Store: c.Store, Mail: discard{}, Links: maker.ForRecipients(c.Calendar), Log: c.Log, Now: m.Now}
	if _, err := sender.Sweep(ctx, m.Now().Add(time.Second)); err != nil {
		tb.Fatal(err)
	}
	if c.Matches, err = c.Store.Matches(ctx, c.Cycle.ID); err != nil {
		tb.Fatal(err)
	}
	sort.Slice(c.Matches, func(i, j int) bool { return c.Matches[i].Key() < c.Matches[j].Key() })
	for _, role := range forms.Roles {
		apps, err := c.Store.Applications(ctx, c.Cycle.ID, role)
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range apps {
			c.Emails[a.ID], c.Names[a.ID] = a.Email, a.Form.Applicant().Name
		}
	}
	return c
}

// Add stores one entry of a pair's, sent at the given time; the hash tells kinds, roles and
// versions apart, and goals sent after their window closed are marked late, as the form does.
func (c *Cohort) Add(tb testing.TB, m *store.Match, k store.Kind, role forms.Role, at time.Time, answers any, version int) {
	tb.Helper()
	_, err := c.Store.AddEntry(context.Background(), &store.Entry{Cycle: c.Cycle.ID, Match: m.Key(), Kind: k, Role: role, Version: version,
		SentAt: at.UTC(), Hash: fmt.Sprint(k, role, version), Answers: answers, Expires: c.Cycle.Expiry(),
		Late: k == store.KindGoals && !at.Before(c.Cycle.Window(program.Goals).Closes)})
	if err != nil {
		tb.Fatal(err)
	}
}
