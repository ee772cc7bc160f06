package mailevents_test

import (
	"context"
	_ "embed"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/mailevents"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
)

// Notices in the format SES publishes through a configuration set's event destination.
var (
	//go:embed testdata/bounce.json
	bounce string
	//go:embed testdata/complaint.json
	complaint string
	//go:embed testdata/reject.json
	reject string
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNoticesBecomeOneProblemPerRecipient(t *testing.T) {
	for _, c := range []struct {
		name    string
		message string
		want    []store.MailProblem
	}{
		{"bounce", bounce, []store.MailProblem{{Email: "Ngozi@Example.org", Kind: "bounce", Detail: "Permanent: General",
			Subject: "Meet your mentor: the ALSC Mentoring Program 2026-27", At: at("2026-11-03T15:04:05.123Z")}}},
		{"complaint", complaint, []store.MailProblem{{Email: "lee@example.org", Kind: "complaint", Detail: "abuse",
			Subject: "Your pair's goals for 2026-27", At: at("2026-11-04T10:00:00Z")}}},
		{"reject", reject, []store.MailProblem{
			{Email: "nobody@example.org", Kind: "reject", Detail: "Bad content", Subject: "We received your mentee application", At: at("2026-11-05T10:00:00Z")},
			{Email: "lee@example.org", Kind: "reject", Detail: "Bad content", Subject: "We received your mentee application", At: at("2026-11-05T10:00:00Z")},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := mailevents.Problems(c.message)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
		})
	}
	for _, bad := range []string{`not json`, `{"eventType": "Delivery", "mail": {}}`, `{"eventType": "Bounce"}`} {
		if _, err := mailevents.Problems(bad); !errors.Is(err, mailevents.ErrNotice) {
			t.Errorf("%q: err = %v, want ErrNotice", bad, err)
		}
	}
}

func TestProblemsAreRecordedAgainstApplicants(t *testing.T) {
	ctx := context.Background()
	st := storetest.Store(t)
	cal := program.DefaultCalendar()
	cy := cal.Cycles[0]
	storetest.MustApply(t, st, &cy, forms.RoleMentee, "a1", "Ngozi", "ngozi@example.org")
	r := &mailevents.Recorder{Store: st, Calendar: cal}
	for _, message := range []string{bounce, reject} {
		problems, err := mailevents.Problems(message)
		if err != nil {
			t.Fatal(err)
		}
		kept, err := r.Record(ctx, problems)
		if err != nil {
			t.Fatal(err)
		}
		// Only Ngozi applied (her address as the mail service wrote it, in another case).
		if want := map[string]int{bounce: 1, reject: 0}[message]; kept != want {
			t.Errorf("kept %d problems, want %d", kept, want)
		}
	}
	got, err := st.MailProblems(ctx, cy.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := got[store.EmailKey("ngozi@example.org")]
	if len(got) != 1 || p == nil || p.Kind != "bounce" || p.Detail != "Permanent: General" || p.Cycle != cy.ID ||
		!p.At.Equal(at("2026-11-03T15:04:05.123Z")) || !p.Expires.Equal(cy.Expiry()) {
		t.Fatalf("recorded %+v", got)
	}
	if other, err := st.MailProblems(ctx, cal.Cycles[1].ID); err != nil || len(other) != 0 {
		t.Errorf("another cycle: %v %+v", err, other)
	}
}
