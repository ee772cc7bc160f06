package yearreport_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/yearreport"
)

// sink is report storage that keeps only the size of what it is given.
type sink struct{ bytes atomic.Int64 }

func (s *sink) Put(_ context.Context, name, _ string, body []byte) (string, error) {
	s.bytes.Add(int64(len(body)))
	return name, nil
}

func (s *sink) Get(context.Context, string) ([]byte, error) { return nil, report.ErrNoFile }

// bigYear is a cycle of 5,000 applicants (2,500 of each role), all paired, every pair with three
// goals, a tracker, eight months of check-ins and both surveys in long answers.
func bigYear(cal *program.Calendar, cy *program.Cycle) *yearreport.Data {
	const pairs = 2500
	words := strings.Repeat("Our monthly calls and the book list worked well for both of us. ", 12)
	apps := map[forms.Role][]*store.Application{}
	years := map[string]*store.Year{}
	var matches []*store.Match
	opens := cy.Window(program.Applications).Opens
	for i := range pairs {
		for _, role := range forms.Roles {
			form := forms.New(role)
			*form.Applicant() = forms.Person{Name: fmt.Sprintf("Person %s %d", role, i), Email: fmt.Sprintf("%s%d@example.org", role, i),
				Organisation: "Public Library", Position: "Children's Librarian", City: "Springfield", Country: "United States",
				TimeZone: forms.TimeZoneCentral}
			apps[role] = append(apps[role], &store.Application{ID: fmt.Sprintf("%s-%d", role, i), Cycle: cy.ID, Role: role,
				Email: form.Applicant().Email, Status: store.StatusAccepted, SubmittedAt: opens.Add(time.Duration(i) * time.Minute), Form: form})
		}
		m := &store.Match{Cycle: cy.ID, Mentor: fmt.Sprintf("mentor-%d", i), Mentee: fmt.Sprintf("mentee-%d", i)}
		matches = append(matches, m)
		y := store.NewYear()
		at := cy.Window(program.Goals).Opens.Add(time.Duration(i) * time.Minute)
		y.Goals = []*store.Entry{{Kind: store.KindGoals, Version: 1, SentAt: at, Answers: &forms.Goals{
			Goal1: words[:300], Objectives1: []string{"skills", "connections"}, Measure1: words[:200],
			Goal2: words[:300], Objectives2: []string{"leaders"}, Measure2: words[:200],
			Goal3: words[:300], Objectives3: []string{"re-energize"}, Measure3: words[:200]}}}
		y.Tracker = &store.Entry{Kind: store.KindTracker, SentAt: at, Answers: &forms.Tracker{Progress1: forms.ProgressUnderWay,
			Progress2: forms.ProgressMet, Progress3: forms.ProgressNearly, Contact: forms.ContactTwiceMonthly,
			Activities: []string{"book-list", "questions"}, Working: words[:400], CallMe: forms.No}}
		for _, role := range forms.Roles {
			y.Surveys[role] = &store.Entry{Kind: store.KindSurvey, Role: role, SentAt: at, Answers: &forms.Survey{Worked: words,
				NotWorked: words, RatingOverall: forms.Rating5, RatingMatch: forms.Rating4, RatingSupport: forms.Rating4,
				Objectives: []string{"skills", "leaders"}, Again: forms.AgainEither}}
			for month := range 8 {
				y.CheckIns = append(y.CheckIns, &store.Entry{Kind: store.KindCheckIn, Role: role, Version: 202612 + month,
					SentAt: at, Answers: &forms.CheckIn{HowGoing: forms.HowFine}})
			}
		}
		years[m.Key()] = y
	}
	return yearreport.New(cal, cy, cy.Span().Closes.Add(-time.Hour), apps, matches, years, nil)
}

// BenchmarkReports5000 builds and writes every report of a 5,000-applicant cycle (the records
// already read; reading them is not timed) and reports the peak heap in use, records included.
func BenchmarkReports5000(b *testing.B) {
	cal := program.DefaultCalendar()
	cy := &cal.Cycles[0]
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	defer close(done)
	var out sink
	for b.Loop() {
		b.StopTimer()
		d := bigYear(cal, cy)
		runtime.GC()
		b.StartTimer()
		if _, err := yearreport.Write(context.Background(), &out, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(out.bytes.Load())/float64(b.N)/(1<<20), "written-MiB/op")
}
