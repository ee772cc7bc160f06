package season_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/cohorttest"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
)

func TestReportModeWritesTheFilesAndSendsStaffTheLinks(t *testing.T) {
	c := cohorttest.Matched(t)
	dir, outbox := t.TempDir(), t.TempDir()
	r := &season.Runner{Store: c.Store, Calendar: c.Calendar, Weights: scoring.DefaultWeights(),
		Mail: notify.Outbox{Dir: outbox, From: "mentoring@example.org"}, Log: c.Log,
		Now: func() time.Time { return c.Cycle.Span().Closes.Add(-time.Hour) }}
	if _, err := r.Run(context.Background(), season.Event{Cycle: c.Cycle.ID, Mode: season.Report}); !errors.Is(err, season.ErrInput) {
		t.Fatalf("a report with nowhere to put it: %v", err)
	}
	r.Files, r.Staff, r.LinkNote = report.Folder{Dir: dir}, []string{"liaison@example.org"}, "The links work for 7 days."
	res, err := r.Run(context.Background(), season.Event{Cycle: c.Cycle.ID, Mode: season.Report})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) < 10 || res.Emails != 1 {
		t.Fatalf("result %+v", res)
	}
	sent, err := notify.ReadOutbox(outbox)
	if err != nil || len(sent) != 1 || sent[0].To != "liaison@example.org" || !strings.Contains(sent[0].Text, "7 days") {
		t.Fatalf("staff email: %+v %v", sent, err)
	}
	for _, f := range res.Files {
		if _, err := os.Stat(f.Link); err != nil || filepath.Dir(f.Link) != filepath.Join(dir, c.Cycle.ID) {
			t.Errorf("%s: %v", f.Link, err)
		}
		if !strings.Contains(sent[0].Text, f.Link) {
			t.Errorf("the email lacks the link to %s", f.Name)
		}
	}
	for _, name := range c.Names {
		if strings.Contains(sent[0].Text, name) {
			t.Errorf("the email names %s", name)
		}
	}
}
