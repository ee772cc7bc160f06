package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// MustStore starts dynalite, creates the table and returns a store on it.
func MustStore(tb testing.TB) *store.Store {
	tb.Helper()
	_, s := mustTable(tb)
	return s
}

// mustTable is a fresh table on a local server: a client for it and the store on it.
func mustTable(tb testing.TB) (*dynamodb.Client, *store.Store) {
	tb.Helper()
	srv := dynalite.TestServer(tb)
	db := store.Local(srv.Endpoint)
	if err := store.EnsureTable(context.Background(), db, "mentoring"); err != nil {
		tb.Fatal(err)
	}
	return db, store.New(db, "mentoring")
}

func application(role forms.Role, email, id string) *store.Application {
	years := 4
	var f forms.Form
	if role == forms.RoleMentor {
		f = &forms.Mentor{Person: forms.Person{Name: "Zoë Ōkubo", Email: email}, Years: &years, Capacity: 2,
			Preferences: forms.Preferences{Gender: forms.GenderWoman, GenderPreference: forms.PreferenceRequired, RaceEthnicity: []forms.RaceEthnicity{forms.RaceAsian}}}
	} else {
		f = &forms.Mentee{Person: forms.Person{Name: "李小龍", Email: email}, Interests: []forms.Competency{forms.CompetencyProgramming},
			Preferences: forms.Preferences{GeoPreference: forms.PreferencePreferred, RaceEthnicitySelf: "<b>Métis</b>"}}
	}
	return &store.Application{
		ID: id, Cycle: "2026-27", Role: role, Email: email, Status: store.StatusSubmitted,
		SubmittedAt: time.Date(2026, 9, 3, 10, 0, 0, 0, time.UTC), Hash: forms.Hash(role, f), Form: f,
		Expires: time.Date(2028, 8, 31, 5, 0, 0, 0, time.UTC),
	}
}

func TestApplicationsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	mentor := application(forms.RoleMentor, "Zoe@Example.org", "a1")
	mentee := application(forms.RoleMentee, "lee@example.org", "a2")
	for _, a := range []*store.Application{mentor, mentee, application(forms.RoleMentee, "zoe@example.org", "a3")} {
		if _, err := s.AddApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Application(ctx, "2026-27", forms.RoleMentor, " ZOE@example.ORG ")
	if err != nil {
		t.Fatal(err)
	}
	m := got.Form.(*forms.Mentor)
	if got.ID != "a1" || got.Email != "Zoe@Example.org" || m.Name != "Zoë Ōkubo" || *m.Years != 4 ||
		m.GenderPreference != forms.PreferenceRequired || got.Hash != forms.Hash(forms.RoleMentor, m) ||
		!got.Expires.Equal(mentor.Expires) || !got.SubmittedAt.Equal(mentor.SubmittedAt) || got.Status != store.StatusSubmitted {
		t.Fatalf("read back %+v %+v", got, m)
	}

	list, err := s.Applications(ctx, "2026-27", forms.RoleMentee)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d mentee applications, want 2", len(list))
	}
	for _, a := range list {
		if a.Role != forms.RoleMentee {
			t.Errorf("listed a %s", a.Role)
		}
		if a.ID == "a2" && a.Form.Confidential().RaceEthnicitySelf != "<b>Métis</b>" {
			t.Errorf("confidential answer read back as %q", a.Form.Confidential().RaceEthnicitySelf)
		}
	}
	other, err := s.Applications(ctx, "2027-28", forms.RoleMentee)
	if err != nil {
		t.Fatal(err)
	}
	if len(other) != 0 {
		t.Errorf("another cycle lists %d applications", len(other))
	}
}

func TestSecondApplicationIsRefusedAndNothingChanges(t *testing.T) {
	cases := []struct {
		name, second string
		role         forms.Role
		exists       bool
	}{
		{"same address", "pat@example.org", forms.RoleMentee, true},
		{"address in other case and spacing", "  PAT@Example.ORG", forms.RoleMentee, true},
		{"same address, other role", "pat@example.org", forms.RoleMentor, false},
		{"other address", "pat2@example.org", forms.RoleMentee, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s := MustStore(t)
			if _, err := s.AddApplication(ctx, application(forms.RoleMentee, "pat@example.org", "first")); err != nil {
				t.Fatal(err)
			}
			old, err := s.AddApplication(ctx, application(c.role, c.second, "second"))
			if c.exists != errors.Is(err, store.ErrExists) {
				t.Fatalf("err = %v", err)
			}
			if c.exists && old.ID != "first" {
				t.Fatalf("returned %q, want the first application", old.ID)
			}
			list, err := s.Applications(ctx, "2026-27", forms.RoleMentee)
			if err != nil {
				t.Fatal(err)
			}
			want := 1
			if !c.exists && c.role == forms.RoleMentee {
				want = 2
			}
			if len(list) != want {
				t.Fatalf("%d mentee applications stored, want %d", len(list), want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	if _, err := s.AddApplication(ctx, application(forms.RoleMentor, "m@example.org", "m")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "2026-27", forms.RoleMentor, "m@example.org", store.StatusAccepted); err != nil {
		t.Fatal(err)
	}
	a, err := s.Application(ctx, "2026-27", forms.RoleMentor, "m@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != store.StatusAccepted {
		t.Fatalf("status %q", a.Status)
	}
	if err := s.SetStatus(ctx, "2026-27", forms.RoleMentor, "nobody@example.org", store.StatusAccepted); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("setting the status of a missing application: %v", err)
	}
	list, err := s.Applications(ctx, "2026-27", forms.RoleMentor)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("SetStatus created an item: %d", len(list))
	}
}

func TestEnsureTableTwice(t *testing.T) {
	srv := dynalite.TestServer(t)
	db := store.Local(srv.Endpoint)
	for i := 0; i < 2; i++ {
		if err := store.EnsureTable(context.Background(), db, "twice"); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
}
