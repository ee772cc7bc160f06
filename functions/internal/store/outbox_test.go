package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// An application owes its emails in its own write; a later step adds one in its update; the
// sparse index lists the item only while it owes something, and only once it has owed for long
// enough; settling each email removes it, and the last one the item's place in the index.
func TestOwedEmailsLiveOnTheirItem(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	to := store.Recipient{Cycle: "2026-27", Role: forms.RoleMentee, ID: "e1"}
	receipt := store.Email{ID: "receipt-e1", Text: "application-received", To: to, Values: map[string]string{"Name": "Ngozi"}}
	f := forms.New(forms.RoleMentee)
	a := &store.Application{ID: "e1", Cycle: "2026-27", Role: forms.RoleMentee, Email: "e1@example.org", Status: store.StatusSubmitted,
		SubmittedAt: at, Hash: "h", Form: f, Expires: at.AddDate(1, 0, 0), Owes: []store.Email{receipt}}
	if _, err := s.AddApplication(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddApplication(ctx, &store.Application{ID: "e2", Cycle: "2026-27", Role: forms.RoleMentee, Email: "e2@example.org",
		Status: store.StatusSubmitted, SubmittedAt: at, Hash: "h", Form: f, Expires: at.AddDate(1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	owing := func(before time.Time) [][2]string {
		t.Helper()
		keys, err := s.OwedSince(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if keys := owing(at); len(keys) != 0 {
		t.Errorf("owed since before %v: %v, want none (it has owed since then exactly)", at, keys)
	}
	keys := owing(at.Add(time.Second))
	if len(keys) != 1 || keys[0][0] != "CYCLE#2026-27" || keys[0][1] != "APP#mentee#"+store.EmailKey("e1@example.org") {
		t.Fatalf("owing items %v, want the first application alone", keys)
	}
	again := store.Email{ID: "again-e1-2026-11-25", Text: "application-again", To: to, Values: map[string]string{"Day": "November 25, 2026"}}
	if err := s.MarkExplained(ctx, a, "2026-11-25", at.Add(time.Hour), again); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkExplained(ctx, a, "2026-11-25", at.Add(2*time.Hour), again); !errors.Is(err, store.ErrExplainedToday) {
		t.Fatalf("a second explanation the same day: %v", err)
	}
	o, err := s.Owing(ctx, keys[0][0], keys[0][1])
	if err != nil {
		t.Fatal(err)
	}
	ids := func(o *store.Owed) []string {
		var out []string
		for _, e := range o.Emails {
			out = append(out, e.ID)
		}
		return out
	}
	if !slices.Equal(ids(o), []string{"receipt-e1", "again-e1-2026-11-25"}) || !o.Since.Equal(at) || o.Emails[0].Values["Name"] != "Ngozi" ||
		o.Emails[0].To != to || !o.Expires.Equal(at.AddDate(1, 0, 0)) {
		t.Fatalf("owed %+v, want the receipt then the explanation, since the application arrived", o)
	}
	if addr, err := s.Addresses().Address(ctx, o, to); err != nil || addr != "e1@example.org" {
		t.Errorf("address %q, %v", addr, err)
	}
	if addr, err := s.Addresses().Address(ctx, o, store.Recipient{Cycle: "2026-27", Role: forms.RoleMentee, ID: "e2"}); err != nil || addr != "e2@example.org" {
		t.Errorf("another person's address %q, %v", addr, err)
	}
	if _, err := s.Addresses().Address(ctx, o, store.Recipient{Cycle: "2026-27", Role: forms.RoleMentee, ID: "gone"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a forgotten person's address: %v", err)
	}
	stale := *o
	if err := s.Settle(ctx, o, "receipt-e1"); err != nil {
		t.Fatal(err)
	}
	if len(owing(at.Add(time.Second))) != 1 {
		t.Error("the item left the index with an email still owed")
	}
	// Settling from a stale read finds the email's new place; settling it twice changes nothing.
	for range 2 {
		if err := s.Settle(ctx, &stale, "again-e1-2026-11-25"); err != nil {
			t.Fatal(err)
		}
	}
	if keys := owing(at.AddDate(0, 0, 1)); len(keys) != 0 {
		t.Errorf("owing items %v after both were settled", keys)
	}
	stored, err := s.Application(ctx, "2026-27", forms.RoleMentee, "e1@example.org")
	if err != nil || len(stored.Owes) != 0 {
		t.Errorf("the application still owes %+v (%v)", stored, err)
	}
}

// A local table made before the outbox's index existed is refused, saying how to start afresh
// (local servers cannot add an index to a table).
func TestEnsureTableRefusesATableWithoutTheIndex(t *testing.T) {
	ctx := context.Background()
	endpoint, old := dynalite.TestTable(t)
	db := store.Local(endpoint)
	in := store.Definition.CreateTableInput(old)
	in.AttributeDefinitions, in.GlobalSecondaryIndexes = in.AttributeDefinitions[:2], nil
	if _, err := db.CreateTable(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := store.EnsureTable(ctx, db, old); !errors.Is(err, store.ErrOldTable) || !strings.Contains(err.Error(), "make clean") {
		t.Fatalf("an old table: %v, want ErrOldTable", err)
	}
	if err := store.EnsureTable(ctx, db, "new"); err != nil {
		t.Fatal(err)
	}
	if err := store.EnsureTable(ctx, db, "new"); err != nil {
		t.Fatalf("a table made with its index, ensured again: %v", err)
	}
}

// TestAddressesReadEachRoleOnceAndAMissAgain: a book of addresses reads a cycle and role's
// applications on first need only; a person it misses is read again (her application may be
// newer than the book's read), and one missing then is not read a third time; a person
// forgotten after the read is still in the book, which is why a book serves one batch only.
func TestAddressesReadEachRoleOnceAndAMissAgain(t *testing.T) {
	ctx := context.Background()
	s, queries := storetest.CountingStore(t)
	cy := &program.DefaultCalendar().Cycles[0]
	apps := map[string]*store.Application{}
	for _, p := range []struct {
		role forms.Role
		id   string
	}{{forms.RoleMentee, "e1"}, {forms.RoleMentee, "e2"}, {forms.RoleMentor, "m1"}} {
		apps[p.id] = storetest.MustApply(t, s, cy, p.role, p.id, p.id, p.id+"@example.org")
	}
	book := s.Addresses()
	owed := &store.Owed{PK: "CYCLE#" + cy.ID, SK: store.MatchKey("e1", "m1")}
	apply := func() { storetest.MustApply(t, s, cy, forms.RoleMentee, "e3", "e3", "e3@example.org") }
	forget := func() {
		if err := s.DeleteApplication(ctx, apps["e1"]); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		name             string
		before           func() // what happens to the table first
		role             forms.Role
		id, want         string // want "" for ErrNotFound
		mentees, mentors int    // reads so far
	}{
		{"first mentee", nil, forms.RoleMentee, "e1", "e1@example.org", 1, 0},
		{"second mentee", nil, forms.RoleMentee, "e2", "e2@example.org", 1, 0},
		{"first mentor", nil, forms.RoleMentor, "m1", "m1@example.org", 1, 1},
		{"a mentee newer than the read", apply, forms.RoleMentee, "e3", "e3@example.org", 2, 1},
		{"a forgotten mentee", nil, forms.RoleMentee, "gone", "", 3, 1},
		{"the forgotten mentee again", nil, forms.RoleMentee, "gone", "", 3, 1},
		{"staff", nil, "", "", "staff@example.org", 3, 1},
		{"a mentee forgotten since the read", forget, forms.RoleMentee, "e1", "e1@example.org", 3, 1},
	} {
		if step.before != nil {
			step.before()
		}
		to := store.Recipient{Cycle: cy.ID, Role: step.role, ID: step.id}
		if step.id == "" {
			to = store.Recipient{Cycle: cy.ID, Staff: "staff@example.org"}
		}
		addr, err := book.Address(ctx, owed, to)
		if step.want == "" && !errors.Is(err, store.ErrNotFound) || step.want != "" && (err != nil || addr != step.want) {
			t.Errorf("%s: %q, %v; want %q", step.name, addr, err, step.want)
		}
		if m, n := queries.Applications(cy.ID, forms.RoleMentee), queries.Applications(cy.ID, forms.RoleMentor); m != step.mentees || n != step.mentors {
			t.Errorf("%s: read the mentees %d and the mentors %d times, want %d and %d", step.name, m, n, step.mentees, step.mentors)
		}
	}
	if _, err := s.Addresses().Address(ctx, owed, store.Recipient{Cycle: cy.ID, Role: forms.RoleMentee, ID: "e1"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a new book finds the mentee forgotten since: %v", err)
	}
}
