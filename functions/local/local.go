// Package local assembles every function's handler for running outside Lambda.
//
// They run on a local DynamoDB-compatible server, with emails written to an outbox folder, on a
// clock that may be moved to another day (ClockOn), and with a demo calendar and cohort to try
// them on (DemoCalendar, SeedDemo, SeedDemoPairs, SeedDemoYearSent). The local stack
// (infra/stack) and the end-to-end tests mount these handlers unchanged, on the routes listed
// once in Routes.
package local

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"

	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// Route is one API endpoint and the function that serves it.
type Route = web.Route

// Routes lists every API endpoint, as template.yaml declares them.
func Routes() []Route { return web.Routes }

// PairPath is the address of a participant's pair page, which personal links open.
const PairPath = forms.PairPath

// SessionPath is where a browser signed in as one person confirms switching to another's link.
const SessionPath = web.SessionPath

// Email is one message the local functions wrote to their outbox.
type Email = notify.Message

// ReadOutbox reads back the emails in an outbox folder, oldest first.
func ReadOutbox(dir string) ([]Email, error) { return notify.ReadOutbox(dir) }

// Outbox is the local functions' mail sender: emails written to dir, dated by now.
func Outbox(dir string, now func() time.Time) notify.Sender {
	return notify.Outbox{Dir: dir, From: EmailFrom, Now: now}
}

// StoredEmail is one email in an outbox folder, with its file's name and its date.
type StoredEmail = notify.Stored

// ReadOutboxFiles reads back the emails in an outbox folder, oldest first, with their files.
func ReadOutboxFiles(dir string) ([]StoredEmail, error) { return notify.ReadOutboxFiles(dir) }

// WritePage writes a page of the local stack's own in the layout of the built site in siteDir:
// title (plain text) and main (escaped HTML).
func WritePage(w http.ResponseWriter, r *http.Request, siteDir, title, main string) {
	web.WritePage(w, r, web.SiteDir(siteDir), slog.Default(), "/404.html", title, main)
}

// Deadline is how long the functions' storage and mail calls may take for one request before
// it ends in a 503.
const Deadline = web.DefaultDeadline

// EmailFrom is the sender of the local emails.
const EmailFrom = "ALSC Mentoring Program <mentoring@localhost>"

// StaffEmail is the local staff liaison's address: the staff digest and reports go there.
const StaffEmail = "staff@localhost"

// Clock is the time the local stack runs on: the real time, moved to the day TODAY names.
type Clock = program.Clock

// ClockOn is the clock on which it is day (YYYY-MM-DD, "" for the real date) today in the time
// zone of the calendar file's content (the built-in calendar when nil).
func ClockOn(calendar []byte, day string) (Clock, error) {
	cal := program.DefaultCalendar()
	if calendar != nil {
		var err error
		if cal, err = program.ParseCalendar(calendar); err != nil {
			return Clock{}, err
		}
	}
	return cal.ClockOn(day)
}

// Config says what the functions run on.
type Config struct {
	DynamoDB    string           // endpoint of the DynamoDB-compatible server
	Table       string           // the table, created if missing; "mentoring" when empty
	Outbox      string           // folder emails are written to
	Calendar    []byte           // a program calendar file's content; the built-in calendar when nil
	Log         *slog.Logger     // where the functions log; slog.Default when nil
	Now         func() time.Time // the clock; time.Now when nil
	Unthrottled bool             // no per-client request limit (for benchmarks)
	Demo        bool             // add the demo cohort's accepted applications (see SeedDemo)
	SiteDir     string           // the built site, whose layout the functions' own pages take
	SiteURL     string           // where links in emails point, e.g. http://localhost:8080
	MinFill     time.Duration    // a form sent faster than this is refused as too fast; web.DefaultMinFill when 0
	HoldSender  bool             // no poll: owed emails go only when SendOwed is called (for benchmarks)
}

// Functions are the assembled handlers, by function name, and the sender of what they owe.
type Functions struct {
	Handlers map[string]http.Handler
	cal      *program.Calendar
	poller   *outbox.Poller
	stop     context.CancelFunc
	done     chan struct{}
}

// PollEvery is how often the local sender looks for owed emails, besides each time a request
// that may owe one is answered (the table's stream does this in AWS).
const PollEvery = 250 * time.Millisecond

// New creates the table if it is missing, assembles every function's handler, and starts the
// sender (package outbox) on a short poll of the table's index of owed emails, until Close.
func New(ctx context.Context, cfg Config) (*Functions, error) {
	cal := program.DefaultCalendar()
	if cfg.Calendar != nil {
		var err error
		if cal, err = program.ParseCalendar(cfg.Calendar); err != nil {
			return nil, err
		}
	}
	if cfg.Table == "" {
		cfg.Table = "mentoring"
	}
	db := store.Local(cfg.DynamoDB)
	if err := store.EnsureTable(ctx, db, cfg.Table); err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	mail := Outbox(cfg.Outbox, cfg.Now)
	if cfg.Demo {
		st := store.New(db, cfg.Table)
		if _, err := SeedDemo(ctx, st, cal, cfg.Now()); err != nil {
			return nil, err
		}
		if _, err := SeedDemoPairs(ctx, st, cal, mail, cfg.SiteURL, cfg.Log, cfg.Now); err != nil {
			return nil, err
		}
		if _, err := SeedDemoYearSent(ctx, st, cal, cfg.Now()); err != nil {
			return nil, err
		}
	}
	opts := []web.ApplyOption{web.WithClock(cfg.Now), web.WithPages(web.SiteDir(cfg.SiteDir)), web.WithSiteURL(cfg.SiteURL)}
	if cfg.MinFill > 0 {
		opts = append(opts, web.WithMinFill(cfg.MinFill))
	}
	if !cfg.Unthrottled {
		opts = append(opts, web.WithClientLimit(web.DefaultRate, web.DefaultBurst))
	}
	maker := &links.Maker{Store: store.New(db, cfg.Table), SiteURL: cfg.SiteURL, Now: cfg.Now}
	poller := &outbox.Poller{Every: PollEvery, Sender: &outbox.Sender{Store: store.New(db, cfg.Table), Mail: mail,
		Links: maker.ForRecipients(cal), Log: cfg.Log, Now: cfg.Now}}
	f := &Functions{cal: cal, poller: poller, done: make(chan struct{}), Handlers: map[string]http.Handler{
		"apply": nudging(web.NewApply(cal, store.New(db, cfg.Table), cfg.Log, opts...), poller),
		"participants": nudging(web.Participants(web.ParticipantsConfig{
			Calendar: cal,
			Store:    store.New(db, cfg.Table),
			Pages:    web.SiteDir(cfg.SiteDir),
			SiteURL:  cfg.SiteURL,
			Staff:    []string{StaffEmail},
			Log:      cfg.Log,
			Now:      cfg.Now,
		}), poller),
	}}
	for _, r := range web.Routes {
		if f.Handlers[r.Function] == nil {
			return nil, fmt.Errorf("local: no handler for function %q (route %s %s)", r.Function, r.Method, r.Path)
		}
	}
	var run context.Context
	run, f.stop = context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		defer close(f.done)
		if !cfg.HoldSender {
			poller.Run(run)
		}
	}()
	return f, nil
}

// nudging serves with h, then nudges the sender after a request that may have written (a GET
// never does), as the table's stream would.
func nudging(h http.Handler, p *outbox.Poller) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			p.Nudge()
		}
	})
}

// SendOwed sends every email owed now, after any pass of the sender under way, and returns how
// many it sent: what tests call before reading the outbox.
func (f *Functions) SendOwed(ctx context.Context) (int, error) { return f.poller.Drain(ctx) }

// Close stops the sender.
func (f *Functions) Close() {
	f.stop()
	<-f.done
}

// Location is the program calendar's time zone.
func (f *Functions) Location() *time.Location { return f.cal.Location() }

// ApplicationWindow is the application window open (or next to open) at t: its first and last day.
func (f *Functions) ApplicationWindow(t time.Time) (first, last time.Time) {
	_, w, ok := f.cal.NextWindow(program.Applications, t)
	if !ok {
		w = f.cal.CycleAt(t).Window(program.Applications)
	}
	return w.Opens, w.Closes.AddDate(0, 0, -1)
}
