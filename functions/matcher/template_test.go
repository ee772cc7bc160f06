package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestScheduleFollowsTheCalendar proves template.yaml's propose schedule runs on a calendar
// propose date, in the calendar's time zone, for that date's cycle, with a retry policy and a
// dead-letter destination.
func TestScheduleFollowsTheCalendar(t *testing.T) {
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties struct {
				Events map[string]struct {
					Type       string
					Properties samtemplate.Schedule
				}
			}
		}
	}
	samtemplate.Load(t, &tpl)
	ev, ok := tpl.Resources["MatcherFunction"].Properties.Events["Propose"]
	if !ok || ev.Type != "ScheduleV2" {
		t.Fatalf("MatcherFunction has no ScheduleV2 event Propose: %+v", tpl.Resources["MatcherFunction"])
	}
	p := ev.Properties
	cal := program.DefaultCalendar()
	if p.ScheduleExpressionTimezone != cal.TimeZone {
		t.Errorf("schedule time zone %q, calendar's %q", p.ScheduleExpressionTimezone, cal.TimeZone)
	}
	var in season.Event
	if err := json.Unmarshal([]byte(p.Input), &in); err != nil || in.Mode != season.Propose {
		t.Fatalf("schedule input %q (%v): want a propose event", p.Input, err)
	}
	cy, ok := cal.Cycle(in.Cycle)
	if !ok {
		t.Fatalf("schedule names cycle %q, which the calendar lacks", in.Cycle)
	}
	at, err := time.ParseInLocation("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimPrefix(p.ScheduleExpression, "at("), ")"), cal.Location())
	if err != nil {
		t.Fatalf("schedule expression %q: %v", p.ScheduleExpression, err)
	}
	if w := cy.Window(program.Propose); !w.Contains(at) {
		t.Errorf("schedule runs %v, outside cycle %s's propose day %v", at, cy.ID, w.Opens)
	}
	if p.RetryPolicy["MaximumRetryAttempts"] < 1 || p.DeadLetterConfig["Arn"] == nil {
		t.Errorf("schedule lacks a retry policy or dead-letter destination: %+v", p)
	}
}
