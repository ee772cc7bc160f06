// Command localstack runs the whole ALSC Mentoring system on one machine.
//
// It serves the built site and every function at http://localhost:8080 (PORT overrides), on
// dynalite with its data kept in var/dynalite, and writes emails to var/outbox (listed at
// http://localhost:8080/outbox/).
//
// It runs as of the day TODAY names (2027-03-01; the real date when unset), at the real time
// of day: the site is built as of that day, and every function, the demo's emails and the
// commands that work on the running stack (make match, make remind, staff/matcher --local, which
// read var/local.env) take it as today.
//
// By default it uses the demo calendar (local.DemoCalendar): the program as seen on the day the
// demo's data was first made, kept in var/demo-calendar.toml with that data (make clean starts
// afresh). Point it at another calendar with -calendar FILE (or CALENDAR_FILE), or at the real
// one with -calendar builtin.
//
// When it is ready it prints one line on standard output: "ALSC Mentoring Program is running:
// open http://localhost:8080".
//
// Every log line is JSON on standard error. Should dynalite exit on its own (killed, or crashed
// on a full disk), the exit is logged and dynalite started again with its data; if it keeps
// dying, the stack stops with status 1. MIN_FILL_MS sets the time under which a form counts as
// sent too fast (for trials that fill forms by program).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
	"github.com/ala-alsc/mentoring/infra/stack"
)

func main() {
	site := flag.String("site", "site/public", "the built site to serve")
	data := flag.String("data", "var/dynalite", "folder dynalite keeps its data in")
	outbox := flag.String("outbox", "var/outbox", "folder emails are written to")
	table := flag.String("table", envOr("TABLE_NAME", "mentoring"), "the table the functions use (a restored one, say: make restore)")
	calendar := flag.String("calendar", envOr("CALENDAR_FILE", "demo"), `program calendar: "demo" (the program as seen on the demo's first day), "builtin", or a file`)
	today := flag.String("today", os.Getenv("TODAY"), "the day the stack runs as (YYYY-MM-DD); the real date when empty")
	flag.Parse()
	port := envOr("PORT", "8080")
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil)) // one format for every line: start-up, requests, faults
	fail := func(msg string, err error) {
		log.Error(msg, "err", err)
		os.Exit(1)
	}

	clock, err := local.ClockOn(nil, *today)
	if err != nil {
		fail("TODAY", err)
	}
	var cal []byte
	switch *calendar {
	case "demo":
		if cal, err = demoCalendar(filepath.Join(filepath.Dir(*data), "demo-calendar.toml"), clock.Now()); err != nil {
			fail("demo calendar", err)
		}
	case "builtin":
	default:
		if cal, err = os.ReadFile(*calendar); err != nil {
			fail("calendar", err)
		}
	}
	if clock, err = local.ClockOn(cal, *today); err != nil {
		fail("calendar", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := dynalite.Supervise(ctx, dynalite.Options{Path: *data}, log, nil)
	if err != nil {
		fail("dynalite", err)
	}
	defer db.Stop()

	// With another calendar than the built-in one, or on another day, the site is built again
	// with them, so that its dates and window states agree with the functions.
	siteDir := *site
	if cal == nil && clock.Days != 0 {
		if cal, err = os.ReadFile(filepath.Join(devenv.Root(), "functions", "internal", "program", "data", "calendar.toml")); err != nil {
			fail("calendar", err)
		}
	}
	if cal != nil {
		siteDir = filepath.Join(filepath.Dir(*data), "site")
		if err := sitebuild.BuildWithCalendar(ctx, siteDir, filepath.Join(filepath.Dir(*data), "site-config"), cal, clock); err != nil {
			fail("site with the calendar", err)
		}
	}
	st, err := stack.New(ctx, stack.Config{
		SiteDir: siteDir, DynamoDB: db.Endpoint, Table: *table, Outbox: *outbox, Calendar: cal, Demo: *calendar == "demo",
		SiteURL: "http://localhost:" + port, MinFill: minFill(),
		Log: log, Now: clock.Now,
	})
	if err != nil {
		fail("cannot start", err)
	}
	env, err := writeEnv(filepath.Dir(*data), db.Endpoint, *table, *outbox, cal, "http://localhost:"+port, *today)
	if err != nil {
		fail("matcher settings", err)
	}
	defer os.Remove(env)
	srv := stack.Server("localhost:"+port, st.Handler(), stack.DefaultTimeouts)
	go func() {
		select {
		case <-ctx.Done():
		case err := <-db.Failed():
			log.Error("the database is down for good; stopping", "err", err)
			exitCode.Store(1)
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	first, last := st.ApplicationWindow(clock.Now())
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		fail("server", err)
	}
	log.Info("ALSC Mentoring Program running", "url", "http://localhost:"+port,
		"today", clock.Today(),
		"applications", first.Format(time.DateOnly)+" to "+last.Format(time.DateOnly),
		"data", *data, "outbox", *outbox, "dynalite", db.Endpoint)
	fmt.Println("ALSC Mentoring Program is running: open http://localhost:" + port)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		db.Stop()
		fail("server stopped", err)
	}
	if exitCode.Load() != 0 {
		db.Stop()
		os.Remove(env)
		os.Exit(int(exitCode.Load()))
	}
}

// exitCode is the status the stack ends with: 1 when it stopped because its database stayed down.
var exitCode atomic.Int32

// minFill is MIN_FILL_MS, the time under which a form counts as sent too fast, for trials and
// tests that fill forms by program; the functions' default when unset.
func minFill() time.Duration {
	ms, err := strconv.Atoi(os.Getenv("MIN_FILL_MS"))
	if err != nil || ms <= 0 {
		return 0
	}
	return time.Duration(ms) * time.Millisecond
}

// writeEnv writes, in dir, the settings that let the matcher command (make match) work on this
// running stack: local.env (environment variables) and the calendar in use. It returns the
// settings file's path.
func writeEnv(dir, endpoint, table, outbox string, cal []byte, siteURL, today string) (string, error) {
	calendar := ""
	if cal != nil {
		calendar = filepath.Join(dir, "calendar.toml")
		if err := os.WriteFile(calendar, cal, 0o644); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	for _, kv := range [][2]string{
		{"AWS_ENDPOINT_URL_DYNAMODB", endpoint}, {"AWS_REGION", "us-east-1"},
		{"AWS_ACCESS_KEY_ID", "local"}, {"AWS_SECRET_ACCESS_KEY", "local"},
		{"TABLE_NAME", table}, {"OUTBOX_DIR", outbox}, {"CALENDAR_FILE", calendar},
		{"SITE_URL", siteURL}, {"EMAIL_FROM", local.EmailFrom}, {"STAFF_EMAILS", local.StaffEmail},
		{"REPORTS_DIR", filepath.Join(dir, "reports")}, {"TODAY", today},
	} {
		fmt.Fprintf(&b, "%s='%s'\n", kv[0], strings.ReplaceAll(kv[1], "'", `'\''`))
	}
	path := filepath.Join(dir, "local.env")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// demoCalendar is the demo's calendar kept at path, or, when there is none yet, the demo
// calendar as seen at now, written there: the demo's dates stay those its data was made with
// while the stack's day moves through the year.
func demoCalendar(path string, now time.Time) ([]byte, error) {
	cal, err := os.ReadFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return cal, err
	}
	cal = local.DemoCalendar(now)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return cal, os.WriteFile(path, cal, 0o644)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
