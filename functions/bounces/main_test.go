package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/mailevents"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

func notice(t *testing.T, name string) events.SNSEventRecord {
	t.Helper()
	b, err := os.ReadFile("../internal/mailevents/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return events.SNSEventRecord{SNS: events.SNSEntity{MessageID: name, Message: string(b)}}
}

// TestHandleRecordsReadableNoticesAndRetriesFailures sends the function an SNS event as the
// topic delivers it: the bounce is recorded, the unreadable notice is skipped and logged, and a
// store that fails makes the whole event fail, so that Lambda retries it.
func TestHandleRecordsReadableNoticesAndRetriesFailures(t *testing.T) {
	ctx := context.Background()
	st := storetest.Store(t)
	cal := program.DefaultCalendar()
	cy := cal.Cycles[0]
	storetest.MustApply(t, st, &cy, forms.RoleMentee, "a1", "Ngozi", "ngozi@example.org")
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	ev := events.SNSEvent{Records: []events.SNSEventRecord{notice(t, "bounce.json"),
		{SNS: events.SNSEntity{MessageID: "garbled", Message: "{not json"}}}}
	if err := handle(ctx, &mailevents.Recorder{Store: st, Calendar: cal}, log, ev); err != nil {
		t.Fatal(err)
	}
	got, err := st.MailProblems(ctx, cy.ID)
	if err != nil || len(got) != 1 || got[store.EmailKey("ngozi@example.org")] == nil {
		t.Fatalf("%v %+v", err, got)
	}
	if !strings.Contains(logs.String(), `"message_id":"garbled"`) || strings.Contains(strings.ToLower(logs.String()), "ngozi") {
		t.Errorf("logs: the unreadable notice must be logged, and no address: %s", logs.String())
	}
	endpoint, never := dynalite.TestTable(t) // a table never created
	broken := store.New(store.Local(endpoint), never)
	if err := handle(ctx, &mailevents.Recorder{Store: broken, Calendar: cal}, log, events.SNSEvent{Records: []events.SNSEventRecord{notice(t, "bounce.json")}}); err == nil {
		t.Error("a notice that could not be recorded did not fail the event")
	}
}
