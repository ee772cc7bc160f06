// Package web holds the functions' plain net/http handlers.
//
// Each is mounted unchanged by the local stack and adapted to Lambda only in its function's
// main.go (Lambda). Every route is listed once, in Routes. Answers are JSON for scripts, and HTML
// pages and redirects for plain HTML forms: 201 or 303 when stored, 422 naming each field,
// 409, 403, 401, 413, 415, 429 and 503 each with a message a person understands.
package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/receipt"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Applications is what the applications handler needs from storage. Each write records the email
// it owes on the application itself (package outbox); the sender sends it.
type Applications interface {
	AddApplication(ctx context.Context, a *store.Application) (*store.Application, error)
	// The day a second application was last explained (see explain), with the email that explains it.
	MarkExplained(ctx context.Context, a *store.Application, day string, at time.Time, tell store.Email) error
}

// ApplyConfig is what the applications handler is built from.
type ApplyConfig struct {
	Calendar *program.Calendar
	Store    Applications
	Log      *slog.Logger
	Now      func() time.Time // the clock; time.Now when nil
	MinFill  time.Duration    // a form sent faster than this after it was shown is a bot's
	Rate     rate.Limit       // requests per second allowed to one client; 0 means no limit
	Burst    int              // requests one client may send at once
	Pages    Pages            // the built site: a refused plain form is shown again on its page
	SiteURL  string           // the site's address, whose pages may post here (with the API's own)
	Deadline time.Duration    // how long one request's storage calls may take; DefaultDeadline when 0
}

// Defaults for ApplyConfig: a form sent within 3 s of showing is too fast for a person to have
// typed it; one client may send 10 forms at once and one more every 5 s after that.
const (
	DefaultMinFill = 3 * time.Second
	DefaultRate    = rate.Limit(0.2)
	DefaultBurst   = 10
)

type apply struct {
	ApplyConfig
	pagesWriter
	limiter *limiter
}

// Apply returns the handler of POST /api/applications.
func Apply(cfg ApplyConfig) http.Handler {
	cfg.Now, cfg.Log = clockAndLog(cfg.Now, cfg.Log)
	return guard(&apply{ApplyConfig: cfg, pagesWriter: pagesWriter{pages: cfg.Pages, log: cfg.Log},
		limiter: newLimiter(cfg.Rate, cfg.Burst, maxClients)}, cfg.SiteURL, cfg.Deadline, cfg.Log)
}

// NewApply is the handler of POST /api/applications as every deployment assembles it, the
// Lambda function and the local stack alike: from the calendar, storage and log its environment
// provides, with DefaultMinFill, and adjusted by opts. Without WithClientLimit no client is
// limited: behind CloudFront every request comes from an edge address, and each Lambda instance
// would count apart, so the HTTP API's throttling (template.yaml) answers 429 instead.
func NewApply(cal *program.Calendar, st Applications, log *slog.Logger, opts ...ApplyOption) http.Handler {
	cfg := ApplyConfig{Calendar: cal, Store: st, Log: log, MinFill: DefaultMinFill}
	for _, o := range opts {
		o(&cfg)
	}
	return Apply(cfg)
}

// ApplyOption adjusts the handler NewApply builds.
type ApplyOption func(*ApplyConfig)

// WithClock makes the handler read the time from now (nil keeps time.Now).
func WithClock(now func() time.Time) ApplyOption {
	return func(c *ApplyConfig) { c.Now = now }
}

// WithPages shows a refused plain form again on its page of the built site.
func WithPages(p Pages) ApplyOption {
	return func(c *ApplyConfig) { c.Pages = p }
}

// WithSiteURL accepts posts from the site's pages at url (besides the API's own host).
func WithSiteURL(url string) ApplyOption {
	return func(c *ApplyConfig) { c.SiteURL = url }
}

// WithMinFill sets the time under which a form is too fast to have been typed by a person.
func WithMinFill(d time.Duration) ApplyOption {
	return func(c *ApplyConfig) { c.MinFill = d }
}

// WithClientLimit allows one client r requests a second, and burst at once.
func WithClientLimit(r rate.Limit, burst int) ApplyOption {
	return func(c *ApplyConfig) { c.Rate, c.Burst = r, burst }
}

// outcome is what became of one request, for the log.
type outcome struct {
	name   string
	status int
	role   forms.Role
	cycle  string
	fields []string // names of fields in error, never their values
	err    error
}

func (h *apply) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logged(h.Log, "application", w, r, h.serve)
}

// logged serves r with serve and logs what became of it in one line named msg: the request id
// (API Gateway's, or a new one, also sent back), the route (the path only: a personal link's
// token in the query is never logged), the outcome, status and duration, the role and cycle, and
// the names (never the values) of fields in error.
func logged(log *slog.Logger, msg string, w http.ResponseWriter, r *http.Request, serve func(http.ResponseWriter, *http.Request) outcome) {
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if id == "" {
		id = newID()
	}
	w.Header().Set("X-Request-Id", id)
	o := serve(w, r)
	attrs := []any{"request_id", id, "route", r.Method + " " + r.URL.Path, "outcome", o.name, "status", o.status,
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000}
	if o.role != "" {
		attrs = append(attrs, "role", string(o.role))
	}
	if o.cycle != "" {
		attrs = append(attrs, "cycle", o.cycle)
	}
	if len(o.fields) > 0 {
		attrs = append(attrs, "fields", o.fields)
	}
	level := slog.LevelInfo
	if o.err != nil {
		attrs = append(attrs, "err", o.err.Error())
		level = slog.LevelError
	}
	log.Log(r.Context(), level, msg, attrs...)
}

func (h *apply) serve(w http.ResponseWriter, r *http.Request) outcome {
	enc, encErr := forms.Encoding(r)
	asHTML := enc == forms.Encoded || (encErr != nil && strings.Contains(r.Header.Get("Accept"), "text/html"))
	var values url.Values // what a plain form sent, to show it again
	refuse := func(name string, p problem, role forms.Role) outcome {
		shown := cmp.Or(role, forms.RoleMentee)
		h.writeProblem(w, r, p, asHTML, forms.ForRole(shown), values, "/apply/"+string(shown)+"/")
		return outcome{name: name, status: p.status, role: role}
	}

	if ok, wait := h.allow(r); !ok {
		setRetryAfter(w, wait)
		return refuse("throttled", problem{status: http.StatusTooManyRequests, message: fmt.Sprintf(
			"Too many submissions from your connection in a short time. Please wait %d seconds and try again.",
			int((wait+time.Second-1)/time.Second))}, "")
	}
	now := h.Now()
	cy, open, msg := h.window(now)
	if !open {
		return refuse("closed", problem{status: http.StatusForbidden, message: msg}, "")
	}

	sub, err := forms.Decode(r)
	if sub != nil {
		values = sub.Values
	}
	var fe *forms.Error
	if errors.As(err, &fe) {
		o := refuse("refused", refusal(fe), roleOf(sub))
		confidential := forms.ConfidentialFields(o.role)
		for name := range fe.Fields {
			if slices.Contains(confidential, name) {
				name = "confidential"
			}
			o.fields = append(o.fields, name)
		}
		slices.Sort(o.fields)
		o.fields = slices.Compact(o.fields)
		return o
	}
	if err != nil {
		return h.fail(w, r, asHTML, err)
	}

	app := &store.Application{
		ID: newID(), Cycle: cy.ID, Role: sub.Role, Email: sub.Form.Applicant().Email, Status: store.StatusSubmitted,
		SubmittedAt: now, Hash: forms.Hash(sub.Role, sub.Form), Form: sub.Form, Expires: cy.Expiry(),
	}
	if sub.Honeypot != "" {
		return outcome{name: "bot", status: h.accepted(w, sub, app.ID, http.StatusCreated), role: sub.Role, cycle: cy.ID}
	}
	if sub.FillMS > 0 && sub.FillMS < h.MinFill.Milliseconds() {
		// Too fast to have been typed, but perhaps a person whose browser filled the form in: told
		// plainly, never fooled. Nothing is stored; sending it again later goes through.
		return refuse("too_fast", problem{status: http.StatusUnprocessableEntity, message: "Your application " +
			"arrived within a few seconds of the form opening, which is how we recognise forms sent by programs " +
			"rather than people. Nothing was saved. Please check your answers and send it again."}, sub.Role)
	}

	app.Owes = []store.Email{receipt.Received(h.Calendar, cy, app)}
	old, err := h.Store.AddApplication(r.Context(), app)
	switch {
	case errors.Is(err, store.ErrExists) && old.Hash == app.Hash:
		// A replay: its receipt was owed with the first write, and the sender sends it once.
		return outcome{name: "replay", status: h.accepted(w, sub, old.ID, http.StatusOK), role: sub.Role, cycle: cy.ID}
	case errors.Is(err, store.ErrExists):
		// Answered as a first application is, with an id that names nothing, so that nobody
		// learns from the answer who applied; the explanation goes to the address itself.
		o := outcome{name: "duplicate", role: sub.Role, cycle: cy.ID}
		if err := h.explain(r.Context(), cy, old, now); err != nil {
			o.name, o.err = "duplicate_email_failed", err
		}
		o.status = h.accepted(w, sub, newID(), http.StatusCreated)
		return o
	case err != nil:
		return h.fail(w, r, asHTML, err)
	}
	return outcome{name: "stored", status: h.accepted(w, sub, app.ID, http.StatusCreated), role: sub.Role, cycle: cy.ID}
}

// roleOf is the role a (possibly partly) decoded submission names.
func roleOf(s *forms.Submission) forms.Role {
	if s == nil {
		return ""
	}
	return s.Role
}

// accepted answers a stored (or replayed, or silently dropped) application and returns the
// status it answered with.
func (h *apply) accepted(w http.ResponseWriter, sub *forms.Submission, id string, status int) int {
	if sub.Encoding == forms.Encoded {
		w.Header().Set("Location", forms.ThanksPath+"?role="+string(sub.Role))
		w.WriteHeader(http.StatusSeeOther)
		return http.StatusSeeOther
	}
	writeJSON(w, status, map[string]string{"id": id})
	return status
}

func (h *apply) fail(w http.ResponseWriter, r *http.Request, asHTML bool, err error) outcome {
	p := problem{status: http.StatusInternalServerError,
		message: "Your application could not be saved because of a fault on our side. Please try again in a few minutes."}
	if unavailable(err) {
		setRetryAfter(w, RetryAfter)
		p = problem{status: http.StatusServiceUnavailable, message: fmt.Sprintf("Your application could not be saved "+
			"just now because our database did not answer in time. Nothing was saved. Please send it again in %d seconds.",
			int(RetryAfter/time.Second))}
	}
	h.writeProblem(w, r, p, asHTML, forms.MenteeForm, nil, "/apply/mentee/")
	return outcome{name: "failed", status: p.status, err: err}
}

// window returns the cycle whose applications are open at now, or a sentence saying when they
// open or when they closed.
func (h *apply) window(now time.Time) (*program.Cycle, bool, string) {
	day, lastDay := h.Calendar.Day, h.Calendar.LastDay
	var last *program.Window
	for _, c := range h.Calendar.Cycles {
		if w := c.Window(program.Applications); !now.Before(w.Closes) {
			last = &w
		}
	}
	cy, w, ok := h.Calendar.NextWindow(program.Applications, now)
	switch {
	case ok && w.Contains(now):
		return cy, true, ""
	case ok && last != nil:
		return nil, false, fmt.Sprintf("Applications for %s open on %s and close on %s. The last application period closed on %s.", cy.ID, day(w.Opens), lastDay(w), lastDay(*last))
	case ok:
		return nil, false, fmt.Sprintf("Applications for %s open on %s and close on %s.", cy.ID, day(w.Opens), lastDay(w))
	case last != nil:
		return nil, false, fmt.Sprintf("Applications closed on %s. The dates of the next program year are not yet published.", lastDay(*last))
	}
	return nil, false, "Applications are not open."
}

// explain records on the application of a that its applicant is owed the email saying that a
// second application with other answers changed nothing, and what to do instead: once a day at
// most, so that nobody can fill their inbox.
func (h *apply) explain(ctx context.Context, cy *program.Cycle, a *store.Application, now time.Time) error {
	err := h.Store.MarkExplained(ctx, a, receipt.Day(h.Calendar, now), now, receipt.Again(h.Calendar, cy, a, now))
	if errors.Is(err, store.ErrExplainedToday) {
		return nil
	}
	return err
}

// allow reports whether the client may send another request now, and if not, how long it must
// wait.
func (h *apply) allow(r *http.Request) (bool, time.Duration) {
	if h.Rate == 0 {
		return true, 0
	}
	client, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		client = r.RemoteAddr
	}
	return h.limiter.allow(client, time.Now())
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newID returns a random identifier of 16 characters.
func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}
