// Package storetest gives tests a store on a real DynamoDB-compatible server, and the items they
// most often start from.
package storetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// Store creates a table of the test's own on the binary's dynalite and returns a store on it,
// its client made with optFns (a test's faults, say).
func Store(tb testing.TB, optFns ...func(*dynamodb.Options)) *store.Store {
	tb.Helper()
	return newStore(tb, optFns...)
}

// Queries counts the Query calls a store makes (CountingStore), by the partition and the
// beginning of the sort keys each asks for ("CYCLE#2026-27/APP#mentee#": a cycle's mentee
// applications) or, for a query of an index, the index's name. A read of several pages counts
// each page.
type Queries struct {
	mu sync.Mutex
	n  map[string]int
}

// Of is how many Query calls asked for what (a partition and sort key prefix, or an index) so far.
func (q *Queries) Of(what string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n[what]
}

// Applications is how many Query calls read the applications of a cycle and role so far.
func (q *Queries) Applications(cycle string, role forms.Role) int {
	return q.Of("CYCLE#" + cycle + "/APP#" + string(role) + "#")
}

func (q *Queries) count(in *dynamodb.QueryInput) {
	what := "?"
	pk, _ := in.ExpressionAttributeValues[":pk"].(*types.AttributeValueMemberS)
	prefix, _ := in.ExpressionAttributeValues[":prefix"].(*types.AttributeValueMemberS)
	if pk != nil && prefix != nil {
		what = pk.Value + "/" + prefix.Value
	}
	if in.IndexName != nil {
		what = *in.IndexName
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n[what]++
}

// CountingStore is Store, with every Query call the store's client makes to the server counted.
func CountingStore(tb testing.TB) (*store.Store, *Queries) {
	tb.Helper()
	q := &Queries{n: map[string]int{}}
	counter := middleware.InitializeMiddlewareFunc("CountQueries", func(ctx context.Context, in middleware.InitializeInput,
		next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if query, ok := in.Parameters.(*dynamodb.QueryInput); ok {
			q.count(query)
		}
		return next.HandleInitialize(ctx, in)
	})
	return newStore(tb, func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(counter, middleware.After) })
	}), q
}

func newStore(tb testing.TB, optFns ...func(*dynamodb.Options)) *store.Store {
	tb.Helper()
	endpoint, table := dynalite.TestTable(tb)
	db := store.Local(endpoint, optFns...)
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

// MarkerFaults makes a store's client (Option) fail once at a sent marker, as a database that
// stops at that moment would: the next claim's write is stored but its answer is lost
// (LoseClaim), or the next release never reaches the server (FailRelease). Each is armed by
// setting it, and disarms itself once it has struck.
type MarkerFaults struct {
	LoseClaim, FailRelease atomic.Bool
}

var errConnection = &smithyhttp.RequestSendError{Err: errors.New("connection reset by peer")}

// Option is the client option that brings the faults about.
func (f *MarkerFaults) Option(o *dynamodb.Options) {
	isMarker := func(sk types.AttributeValue) bool {
		s, ok := sk.(*types.AttributeValueMemberS)
		return ok && strings.HasPrefix(s.Value, "SENT#")
	}
	fault := middleware.InitializeMiddlewareFunc("MarkerFaults", func(ctx context.Context, in middleware.InitializeInput,
		next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		switch p := in.Parameters.(type) {
		case *dynamodb.PutItemInput:
			if isMarker(p.Item["sk"]) && f.LoseClaim.CompareAndSwap(true, false) {
				out, md, err := next.HandleInitialize(ctx, in)
				if err != nil {
					return out, md, err
				}
				return middleware.InitializeOutput{}, md, errConnection // written, answer lost
			}
		case *dynamodb.DeleteItemInput:
			if isMarker(p.Key["sk"]) && f.FailRelease.CompareAndSwap(true, false) {
				return middleware.InitializeOutput{}, middleware.Metadata{}, errConnection // never sent
			}
		}
		return next.HandleInitialize(ctx, in)
	})
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(fault, middleware.After) })
}
