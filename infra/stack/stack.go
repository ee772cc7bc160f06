// Package stack assembles the local stack behind one HTTP server.
//
// It serves the built site and every function's handler, on a local DynamoDB-compatible server,
// with emails written to an outbox folder and listed at /outbox/, as `make run` and the
// end-to-end tests use it.
package stack

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
)

// Config says where the stack finds what it serves.
type Config struct {
	SiteDir     string           // the built site (hugo's destination), served at /
	DynamoDB    string           // endpoint of the DynamoDB-compatible server
	Table       string           // the table; created if missing
	Outbox      string           // folder the emails are written to
	Calendar    []byte           // a program calendar file's content; the built-in one when nil
	Log         *slog.Logger     // where the functions log; slog.Default when nil
	Now         func() time.Time // the clock; time.Now when nil
	Unthrottled bool             // turn off the per-client request limit (for benchmarks)
	Demo        bool             // add the demo cohort's accepted applications
	SiteURL     string           // where links in emails point; http://localhost when empty
	MinFill     time.Duration    // a form sent faster than this is refused as too fast; the functions' default when 0
	HoldSender  bool             // owed emails go only when SendOwed is called (for benchmarks)
}

// Stack is the assembled local system.
type Stack struct {
	*local.Functions
	mux *http.ServeMux
}

// New assembles a stack from cfg, creating the table if it is missing, and mounts every
// function's handler on its routes.
func New(ctx context.Context, cfg Config) (*Stack, error) {
	if fi, err := os.Stat(filepath.Join(cfg.SiteDir, "index.html")); err != nil || fi.IsDir() {
		return nil, errors.New("stack: no built site in " + cfg.SiteDir + " (run make site)")
	}
	fns, err := local.New(ctx, local.Config{
		DynamoDB: cfg.DynamoDB, Table: cfg.Table, Outbox: cfg.Outbox, Calendar: cfg.Calendar,
		Log: cfg.Log, Now: cfg.Now, Unthrottled: cfg.Unthrottled, Demo: cfg.Demo,
		SiteDir: cfg.SiteDir, SiteURL: cmp.Or(cfg.SiteURL, "http://localhost"), MinFill: cfg.MinFill, HoldSender: cfg.HoldSender,
	})
	if err != nil {
		return nil, err
	}
	s := &Stack{Functions: fns, mux: http.NewServeMux()}
	for _, r := range local.Routes() {
		s.mux.Handle(r.Method+" "+r.Path, fns.Handlers[r.Function])
	}
	if cfg.Outbox != "" {
		s.mux.Handle("GET "+OutboxPath, Outbox(cfg.Outbox, cfg.SiteDir, fns.Location()))
	}
	s.mux.Handle("GET /", Site(cfg.SiteDir))
	return s, nil
}

// Handler is the stack's single HTTP handler; every response carries SecurityHeaders (the
// outbox's, which shows emails in a frame, sets its own).
func (s *Stack) Handler() http.Handler {
	secured := Secure(s.mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern == "GET "+OutboxPath {
			s.mux.ServeHTTP(w, r)
			return
		}
		secured.ServeHTTP(w, r)
	})
}

func init() {
	// Not every system's MIME table knows iCalendar; the timeline's download must say what it is.
	mime.AddExtensionType(".ics", "text/calendar; charset=utf-8")
}

// Site serves the built site from dir, answering unknown paths with the site's 404 page, with
// SecurityHeaders on every response, as CloudFront serves it (template.yaml: SiteIndexFiles) —
// personal links sent before the pair's page existed (/participants/?token=…) included.
func Site(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return Secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token := r.URL.Query().Get("token"); r.URL.Path == "/participants/" && token != "" {
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Referrer-Policy", "no-referrer")
			http.Redirect(w, r, local.PairPath+"?token="+url.QueryEscape(token), http.StatusFound)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(p))
		if fi, err := os.Stat(name); err == nil && fi.IsDir() {
			name = filepath.Join(name, "index.html")
		}
		if _, err := os.Stat(name); err != nil || strings.Contains(p, "/.") {
			notFound(w, dir)
			return
		}
		files.ServeHTTP(w, r)
	}))
}

func notFound(w http.ResponseWriter, dir string) {
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(page)
}
