package local_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

type discard struct{}

func (discard) Send(context.Context, notify.Message) error { return nil }

// TestAddAcceptedPeople adds the fault trial's made-up people: each passes the form's own checks
// and is accepted, adding again adds nothing, and the matcher pairs every one of them.
func TestAddAcceptedPeople(t *testing.T) {
	ctx := context.Background()
	endpoint, table := dynalite.TestTable(t)
	now := time.Now()
	cfg := local.Config{DynamoDB: endpoint, Table: table, Calendar: local.DemoCalendar(now)}
	st := store.New(store.Local(endpoint), table)
	if err := store.EnsureTable(ctx, store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	if n, err := local.AddAcceptedPeople(ctx, cfg, local.DemoYear, "trial", 5); err != nil || n != 10 {
		t.Fatalf("added %d (%v), want 10", n, err)
	}
	if n, err := local.AddAcceptedPeople(ctx, cfg, local.DemoYear, "trial", 5); err != nil || n != 0 {
		t.Fatalf("adding again added %d (%v), want 0", n, err)
	}
	if _, err := local.AddAcceptedPeople(ctx, cfg, "no-such-year", "trial", 1); err == nil {
		t.Error("a cycle the calendar lacks was accepted")
	}
	for _, role := range forms.Roles {
		apps, err := st.Applications(ctx, local.DemoYear, role)
		if err != nil {
			t.Fatal(err)
		}
		if len(apps) != 5 {
			t.Errorf("%d %s applications, want 5", len(apps), role)
		}
		for _, a := range apps {
			if msgs := forms.Validate(a.Form); len(msgs) > 0 || a.Status != store.StatusAccepted {
				t.Errorf("application %s (%s) is %s with problems %v", a.ID, a.Email, a.Status, msgs)
			}
		}
	}
	cal, err := program.ParseCalendar(cfg.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	r := &season.Runner{Store: st, Calendar: cal, Weights: scoring.DefaultWeights(), Mail: discard{}, SiteURL: "http://localhost",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}
	prop, err := r.Run(ctx, season.Event{Cycle: local.DemoYear, Mode: season.Propose})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := r.Run(ctx, season.Event{Cycle: local.DemoYear, Mode: season.Commit, Proposal: prop.Proposal}); err != nil || res.New != 5 {
		t.Fatalf("the commit matched %v pairs (%v), want 5", res, err)
	}
}
