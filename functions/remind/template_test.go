package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestTemplateRunsRemindDailyWithTheLeastItNeeds checks template.yaml's remind function: its
// code, a daily ScheduleV2 in the calendar's time zone with an event the function accepts, a
// retry policy and a dead-letter queue of its own, its environment, and a policy that allows the
// table's reads and single-item writes on the table alone and email sending, nothing else.
func TestTemplateRunsRemindDailyWithTheLeastItNeeds(t *testing.T) {
	type statement struct {
		Effect   string
		Action   []string
		Resource any
	}
	var tpl struct {
		Parameters map[string]any
		Resources  map[string]struct {
			Type       string
			Properties struct {
				CodeUri                      string
				ReservedConcurrentExecutions int
				Environment                  struct{ Variables map[string]any }
				Policies                     []struct {
					Statement            []statement
					SQSSendMessagePolicy map[string]any
				}
				Events map[string]struct {
					Type       string
					Properties samtemplate.Schedule
				}
				SqsManagedSseEnabled bool
			}
		}
	}
	samtemplate.Load(t, &tpl)
	fn, ok := tpl.Resources["RemindFunction"]
	if !ok || fn.Type != "AWS::Serverless::Function" || fn.Properties.CodeUri != "functions/remind" {
		t.Fatalf("no RemindFunction built from functions/remind: %+v", fn)
	}
	// Two runs at once are safe (each message's marker is a conditional put), and reserved
	// concurrency cannot be deployed on new accounts.
	if fn.Properties.ReservedConcurrentExecutions != 0 {
		t.Errorf("remind reserves concurrency %d", fn.Properties.ReservedConcurrentExecutions)
	}
	for _, v := range []string{"STAFF_EMAILS", "SITE_URL"} {
		if fn.Properties.Environment.Variables[v] == nil {
			t.Errorf("remind's environment lacks %s", v)
		}
	}
	if _, ok := tpl.Parameters["StaffEmails"]; !ok {
		t.Error("no StaffEmails parameter")
	}
	if tpl.Resources["ParticipantsFunction"].Properties.Environment.Variables["STAFF_EMAILS"] == nil {
		t.Error("the participants function cannot tell staff when someone asks for help: no STAFF_EMAILS")
	}
	ev, ok := fn.Properties.Events["Daily"]
	if !ok || ev.Type != "ScheduleV2" {
		t.Fatalf("no daily ScheduleV2: %+v", fn.Properties.Events)
	}
	p := ev.Properties
	if cal := program.DefaultCalendar(); p.ScheduleExpressionTimezone != cal.TimeZone {
		t.Errorf("schedule time zone %q, calendar's %q", p.ScheduleExpressionTimezone, cal.TimeZone)
	}
	if f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(p.ScheduleExpression, "cron("), ")")); len(f) != 6 || f[2] != "*" || f[4] != "?" {
		t.Errorf("schedule %q does not run every day", p.ScheduleExpression)
	}
	var in remind.Event
	dec := json.NewDecoder(strings.NewReader(p.Input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || !in.Now.IsZero() {
		t.Errorf("schedule input %q (%v): want an event that runs as of its own time", p.Input, err)
	}
	if p.RetryPolicy["MaximumRetryAttempts"] < 1 || p.DeadLetterConfig["Arn"] == nil {
		t.Errorf("schedule lacks a retry policy or dead-letter destination: %+v", p)
	}
	if dlq := tpl.Resources["RemindDeadLetters"]; dlq.Type != "AWS::SQS::Queue" || !dlq.Properties.SqsManagedSseEnabled {
		t.Errorf("RemindDeadLetters: %+v", dlq)
	}
	allowed := map[string]bool{"dynamodb:Query": true, "dynamodb:GetItem": true, "dynamodb:PutItem": true,
		"dynamodb:UpdateItem": true, "dynamodb:DeleteItem": true, "ses:SendEmail": true}
	var actions []string
	for _, pol := range fn.Properties.Policies {
		if pol.SQSSendMessagePolicy != nil {
			if !strings.Contains(jsonOf(pol.SQSSendMessagePolicy), "RemindDeadLetters") {
				t.Errorf("remind may send to another queue: %v", pol.SQSSendMessagePolicy)
			}
			continue
		}
		for _, st := range pol.Statement {
			for _, a := range st.Action {
				actions = append(actions, a)
				if !allowed[a] || strings.Contains(a, "*") {
					t.Errorf("remind is allowed %s, which it does not need", a)
				}
				if strings.HasPrefix(a, "dynamodb:") && !strings.Contains(jsonOf(st.Resource), "Table") {
					t.Errorf("remind's %s is not limited to the table: %v", a, st.Resource)
				}
			}
		}
	}
	for a := range allowed {
		if !slices.Contains(actions, a) {
			t.Errorf("remind lacks %s", a)
		}
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
