// Package storetest gives tests a store on a real DynamoDB-compatible server, and the items they
// most often start from.
package storetest

import (
	"context"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// Store creates a table of the test's own on the binary's dynalite and returns a store on it.
func Store(tb testing.TB) *store.Store {
	tb.Helper()
	endpoint, table := dynalite.TestTable(tb)
	db := store.Local(endpoint)
	if err := store.EnsureTable(context.Background(), db, table); err != nil {
		tb.Fatal(err)
	}
	return store.New(db, table)
}

// MustApply stores an application of the person with this name and address in cycle cy.
func MustApply(tb testing.TB, st *store.Store, cy *program.Cycle, role forms.Role, id, name, email string) *store.Application {
	tb.Helper()
	f := forms.New(role)
	*f.Applicant() = forms.Person{Name: name, Email: email}
	a, err := st.AddApplication(context.Background(), &store.Application{ID: id, Cycle: cy.ID, Role: role, Email: email,
		Status: store.StatusSubmitted, SubmittedAt: cy.Span().Opens, Hash: forms.Hash(role, f), Form: f, Expires: cy.Expiry()})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
