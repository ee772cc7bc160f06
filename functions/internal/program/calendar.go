// Package program holds the ALSC Mentoring Program's domain: its calendar, its cycles and the
// rules that follow from them. It imports nothing from AWS.
package program

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"
	// The calendar's time zone must load wherever a function runs, and the Lambda base image
	// need not carry the time zone database.
	_ "time/tzdata"

	"github.com/pelletier/go-toml/v2"
)

//go:embed data/calendar.toml
var defaultCalendar []byte

// Event keys the functions rely on; the calendar file must define each of them in every cycle.
const (
	Applications = "applications"
	Review       = "review"
	Propose      = "propose"
	ProgramStart = "program"
	Goals        = "goals"
	Work         = "work"
	Tracker      = "tracker"
	Survey       = "survey"
)

var requiredEvents = []string{Applications, Review, Propose, ProgramStart, Goals, Work, Tracker, Survey}

// The contact settings' defaults, and the program guide's guideline for how often a pair is in
// touch: "at least twice a month".
const (
	DefaultFirstContactNudgeDays  = 14
	DefaultFirstContactReportDays = 21
	DefaultQuietDays              = 30
	ContactsPerMonth              = 2
	// DefaultCertificateDays is how long after the wrap-up survey closes a participant may still
	// sign in to print their certificate of completion.
	DefaultCertificateDays = 90
)

// Calendar is the program's calendar: every cycle with its dated events.
type Calendar struct {
	TimeZone      string `toml:"time_zone"`
	RetentionDays int    `toml:"retention_days"`
	RematchDays   int    `toml:"rematch_days"`
	// Days after a match is made by which a pair that has not said it is in touch gets one nudge,
	// and after which the staff digest lists it; days without a recorded contact that make a pair
	// quiet. Each has a default when left out (DefaultFirstContactNudgeDays, …).
	FirstContactNudgeDays  int `toml:"first_contact_nudge_days"`
	FirstContactReportDays int `toml:"first_contact_report_days"`
	QuietDays              int `toml:"quiet_days"`
	// Days after the wrap-up survey closes during which participants' links and sessions still
	// work, to print their certificate of completion (DefaultCertificateDays when left out).
	CertificateDays int     `toml:"certificate_days"`
	Cycles          []Cycle `toml:"cycles"`

	loc *time.Location
}

// Cycle is one program year, from applications in September to the wrap-up survey in August.
type Cycle struct {
	ID     string  `toml:"id"`
	Name   string  `toml:"name,omitempty"` // how pages name the year; the id with an en dash ("2026–27") when empty
	Starts string  `toml:"starts"`
	Ends   string  `toml:"ends"`
	Events []Event `toml:"events"`

	cal *Calendar
}

// Event is a dated step of a cycle; Opens and Closes are calendar days, both included.
type Event struct {
	Key       string `toml:"key"`
	Title     string `toml:"title"`
	Opens     string `toml:"opens"`
	Closes    string `toml:"closes"`
	Summary   string `toml:"summary"`
	StaffOnly bool   `toml:"staff_only"`
}

// Window is a span of time: open from Opens (inclusive) until Closes (exclusive).
type Window struct {
	Opens, Closes time.Time
}

// Contains reports whether t falls inside the window.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.Opens) && t.Before(w.Closes)
}

// DefaultCalendar returns the calendar built into the binary from data/calendar.toml.
func DefaultCalendar() *Calendar {
	c, err := ParseCalendar(defaultCalendar)
	if err != nil {
		panic("program: built-in calendar: " + err.Error())
	}
	return c
}

// LoadCalendar reads a calendar file; an empty path means the built-in calendar.
func LoadCalendar(path string) (*Calendar, error) {
	if path == "" {
		return DefaultCalendar(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCalendar(b)
}

// ParseCalendar decodes and checks a calendar in the format of data/calendar.toml.
func ParseCalendar(b []byte) (*Calendar, error) {
	var c Calendar
	dec := toml.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return nil, fmt.Errorf("calendar: unknown field:\n%s", strict.String())
		}
		return nil, fmt.Errorf("calendar: %w", err)
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("calendar: time_zone: %w", err)
	}
	c.loc = loc
	c.FirstContactNudgeDays = cmp.Or(c.FirstContactNudgeDays, DefaultFirstContactNudgeDays)
	c.FirstContactReportDays = cmp.Or(c.FirstContactReportDays, DefaultFirstContactReportDays)
	c.QuietDays = cmp.Or(c.QuietDays, DefaultQuietDays)
	c.CertificateDays = cmp.Or(c.CertificateDays, DefaultCertificateDays)
	if c.FirstContactNudgeDays < 0 || c.FirstContactReportDays < c.FirstContactNudgeDays || c.QuietDays < 0 {
		return nil, errors.New("calendar: first_contact_nudge_days, first_contact_report_days and quiet_days must be positive, the report after the nudge")
	}
	if c.CertificateDays < 0 {
		return nil, errors.New("calendar: certificate_days must be positive")
	}
	if c.RetentionDays <= 0 || c.RematchDays <= 0 {
		return nil, errors.New("calendar: retention_days and rematch_days must be positive")
	}
	if len(c.Cycles) == 0 {
		return nil, errors.New("calendar: no cycles")
	}
	seen := map[string]bool{}
	for i := range c.Cycles {
		cy := &c.Cycles[i]
		cy.cal = &c
		if cy.ID == "" || seen[cy.ID] {
			return nil, fmt.Errorf("calendar: cycle %d: missing or repeated id %q", i+1, cy.ID)
		}
		seen[cy.ID] = true
		if _, err := c.day(cy.Starts); err != nil {
			return nil, fmt.Errorf("calendar: cycle %s: starts: %w", cy.ID, err)
		}
		if _, err := c.day(cy.Ends); err != nil {
			return nil, fmt.Errorf("calendar: cycle %s: ends: %w", cy.ID, err)
		}
		keys := map[string]bool{}
		for _, e := range cy.Events {
			w, err := cy.window(e)
			if err != nil {
				return nil, fmt.Errorf("calendar: cycle %s: event %q: %w", cy.ID, e.Key, err)
			}
			if !w.Closes.After(w.Opens) {
				return nil, fmt.Errorf("calendar: cycle %s: event %q closes before it opens", cy.ID, e.Key)
			}
			keys[e.Key] = true
		}
		for _, k := range requiredEvents {
			if !keys[k] {
				return nil, fmt.Errorf("calendar: cycle %s: no %q event", cy.ID, k)
			}
		}
	}
	sort.SliceStable(c.Cycles, func(i, j int) bool { return c.Cycles[i].Starts < c.Cycles[j].Starts })
	return &c, nil
}

// Day writes the calendar day of t in the calendar's time zone, as people read it:
// "December 1, 2026".
func (c *Calendar) Day(t time.Time) string { return t.In(c.loc).Format("January 2, 2006") }

// LastDay writes the last day a window is open: "September 30, 2026".
func (c *Calendar) LastDay(w Window) string { return c.Day(w.Closes.Add(-time.Nanosecond)) }

// Month is the calendar month of t in the program's time zone as a number, yyyymm: a check-in
// is kept once a person a month under it.
func (c *Calendar) Month(t time.Time) int {
	y, m, _ := t.In(c.loc).Date()
	return y*100 + int(m)
}

// PreviousMonth is the month (yyyymm) before yyyymm.
func PreviousMonth(yyyymm int) int {
	if yyyymm%100 == 1 {
		return (yyyymm/100-1)*100 + 12
	}
	return yyyymm - 1
}

// MonthWords writes a month kept as yyyymm (see Month) as people read it: "December 2026".
func MonthWords(yyyymm int) string {
	return time.Date(yyyymm/100, time.Month(yyyymm%100), 1, 0, 0, 0, 0, time.UTC).Format("January 2006")
}

// Moment writes a time in the program's time zone for people: "October 5, 2026 at 9:30 AM CDT".
func (c *Calendar) Moment(t time.Time) string {
	return t.In(c.loc).Format("January 2, 2006 at 3:04 PM MST")
}

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Cycle returns the cycle with the given id.
func (c *Calendar) Cycle(id string) (*Cycle, bool) {
	for i := range c.Cycles {
		if c.Cycles[i].ID == id {
			return &c.Cycles[i], true
		}
	}
	return nil, false
}

// CycleAt returns the cycle running at t, or else the next one to start, or else the last one.
func (c *Calendar) CycleAt(t time.Time) *Cycle {
	for i := range c.Cycles {
		if t.Before(c.Cycles[i].Span().Closes) {
			return &c.Cycles[i]
		}
	}
	return &c.Cycles[len(c.Cycles)-1]
}

// NextWindow returns the first cycle whose event key has not yet closed at t.
func (c *Calendar) NextWindow(key string, t time.Time) (*Cycle, Window, bool) {
	for i := range c.Cycles {
		w := c.Cycles[i].Window(key)
		if t.Before(w.Closes) {
			return &c.Cycles[i], w, true
		}
	}
	return nil, Window{}, false
}

// Title is how pages and emails name the year: its name, or else its id ("2026-27").
func (cy *Cycle) Title() string {
	if cy.Name != "" {
		return cy.Name
	}
	return cy.ID
}

// Span is the whole cycle, from its first day to the end of its last.
func (cy *Cycle) Span() Window {
	w, _ := cy.window(Event{Opens: cy.Starts, Closes: cy.Ends})
	return w
}

// Window returns the window of the event with the given key (zero if the cycle has none).
func (cy *Cycle) Window(key string) Window {
	for _, e := range cy.Events {
		if e.Key == key {
			w, _ := cy.window(e)
			return w
		}
	}
	return Window{}
}

// Rematch is the window in which a participant may ask for a rematch: the first RematchDays
// days of the program year.
func (cy *Cycle) Rematch() Window {
	start := cy.Window(ProgramStart).Opens
	return Window{Opens: start, Closes: start.AddDate(0, 0, cy.cal.RematchDays)}
}

// GoalsAccepted is when goals may be sent: from the goals window's start to the year's end (after
// the goals window they are late, but still wanted).
func (cy *Cycle) GoalsAccepted() Window {
	return Window{Opens: cy.Window(Goals).Opens, Closes: cy.Span().Closes}
}

// Leaving is when a participant may leave the program: until the year's end.
func (cy *Cycle) Leaving() Window { return Window{Closes: cy.Span().Closes} }

// Contacts is when a pair records that it was in touch: from the start of the program to the
// end of the year.
func (cy *Cycle) Contacts() Window {
	return Window{Opens: cy.Window(ProgramStart).Opens, Closes: cy.Span().Closes}
}

// Tips is when the monthly tips go out: from the start of the work until the survey opens.
func (cy *Cycle) Tips() Window {
	return Window{Opens: cy.Window(Work).Opens, Closes: cy.Window(Survey).Opens}
}

// CheckIns is when the monthly check-in is asked: from the start of the work to the year's end.
func (cy *Cycle) CheckIns() Window {
	return Window{Opens: cy.Window(Work).Opens, Closes: cy.Span().Closes}
}

// Certificates is when participants may open their certificate of completion: from the close of
// the wrap-up survey for the calendar's certificate_days.
func (cy *Cycle) Certificates() Window {
	closes := cy.Window(Survey).Closes
	return Window{Opens: closes, Closes: closes.AddDate(0, 0, cy.cal.CertificateDays)}
}

// LinksEnd is when a participant's personal links and sessions stop working: at the end of the
// year, or later when the certificates' window closes after it.
func (cy *Cycle) LinksEnd() time.Time {
	end := cy.Span().Closes
	if c := cy.Certificates().Closes; c.After(end) {
		return c
	}
	return end
}

// Expiry is when personal data stored for this cycle is deleted: the cycle's end plus the
// retention period.
func (cy *Cycle) Expiry() time.Time {
	return cy.Span().Closes.AddDate(0, 0, cy.cal.RetentionDays)
}

func (cy *Cycle) window(e Event) (Window, error) {
	o, err := cy.cal.day(e.Opens)
	if err != nil {
		return Window{}, fmt.Errorf("opens: %w", err)
	}
	c, err := cy.cal.day(e.Closes)
	if err != nil {
		return Window{}, fmt.Errorf("closes: %w", err)
	}
	return Window{Opens: o, Closes: c.AddDate(0, 0, 1)}, nil
}

func (c *Calendar) day(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, c.loc)
}

// Clock is the time the program runs on: the real time, moved by whole days in the calendar's
// time zone, so that a day of the year can be tried out (the local stack's TODAY). The zero
// Clock is the real time.
type Clock struct {
	Days int // how many days ahead of the real date it is (negative: behind)
	loc  *time.Location
}

// Now is the clock's time, in the calendar's time zone.
func (k Clock) Now() time.Time {
	if k.loc == nil {
		return time.Now()
	}
	return time.Now().In(k.loc).AddDate(0, 0, k.Days)
}

// Today is the clock's day in its calendar's time zone, as YYYY-MM-DD.
func (k Clock) Today() string { return k.Now().Format(time.DateOnly) }

// ClockOn is the clock on which it is day (YYYY-MM-DD) today in the calendar's time zone; the
// real time when day is empty.
func (c *Calendar) ClockOn(day string) (Clock, error) {
	if day == "" {
		return Clock{loc: c.loc}, nil
	}
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return Clock{}, fmt.Errorf("program: a day is written 2027-03-01, not %q", day)
	}
	y, m, dd := time.Now().In(c.loc).Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	return Clock{Days: int(d.Sub(today).Round(24*time.Hour) / (24 * time.Hour)), loc: c.loc}, nil
}
