package store_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

func TestEachKindSaysWhatExists(t *testing.T) {
	kinds := []error{store.ErrApplicationExists, store.ErrProposalExists, store.ErrMatchExists, store.ErrRematchRequestExists, store.ErrEntryExists, store.ErrSentExists}
	for i, err := range kinds {
		if !errors.Is(err, store.ErrExists) {
			t.Errorf("%v does not match ErrExists", err)
		}
		for j, other := range kinds {
			if i != j && errors.Is(err, other) {
				t.Errorf("%v matches %v", err, other)
			}
		}
	}
	if !strings.Contains(store.ErrMatchExists.Error(), "match") || strings.Contains(store.ErrMatchExists.Error(), "application") {
		t.Errorf("ErrMatchExists says %q", store.ErrMatchExists)
	}
}

func TestMatchesAndRematchRequestsAreAddedOnce(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	expires := time.Date(2028, 8, 31, 5, 0, 0, 0, time.UTC)
	m := &store.Match{Cycle: "2026-27", Mentor: "m1", Mentee: "e1", Proposal: "p1", CreatedAt: time.Now().UTC(), Expires: expires}
	if _, err := s.AddMatch(ctx, m); err != nil {
		t.Fatal(err)
	}
	old, err := s.AddMatch(ctx, &store.Match{Cycle: "2026-27", Mentor: "m1", Mentee: "e1", Proposal: "p2", Expires: expires})
	if !errors.Is(err, store.ErrMatchExists) || old == nil || old.Proposal != "p1" || !old.Expires.Equal(expires) {
		t.Fatalf("second AddMatch = %+v, %v; want the first match and ErrMatchExists", old, err)
	}

	r := &store.RematchRequest{Cycle: "2026-27", Match: m.Key(), Role: forms.RoleMentor, Reason: "first", Status: store.RematchSubmitted, Expires: expires}
	if _, err := s.AddRematchRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	again, err := s.AddRematchRequest(ctx, &store.RematchRequest{Cycle: "2026-27", Match: m.Key(), Role: forms.RoleMentor, Reason: "second", Expires: expires})
	if !errors.Is(err, store.ErrRematchRequestExists) || again == nil || again.Reason != "first" {
		t.Fatalf("second AddRematchRequest = %+v, %v; want the first request and ErrRematchRequestExists", again, err)
	}
	list, err := s.RematchRequests(ctx, "2026-27")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Mentee() != "e1" || list[0].Mentor() != "m1" || !list[0].Expires.Equal(expires) {
		t.Fatalf("rematch requests %+v", list)
	}
}

func TestProposalRoundTripAndSecondPutKeepsTheFirst(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	expires := time.Date(2028, 8, 31, 5, 0, 0, 0, time.UTC)
	body := bytes.Repeat([]byte(`{"pairs":[]}`), 100)
	p := &store.Proposal{ID: "abc", Cycle: "2026-27", Mode: "propose", Inputs: map[string]string{"a1": "h:accepted"},
		Body: body, CreatedAt: time.Now().UTC(), Expires: expires}
	if err := s.PutProposal(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.PutProposal(ctx, &store.Proposal{ID: "abc", Cycle: "2026-27", Mode: "rematch", Expires: expires}); err != nil {
		t.Fatalf("second PutProposal: %v", err)
	}
	got, err := s.ProposalByID(ctx, "2026-27", "abc")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "abc" || got.Mode != "propose" || !bytes.Equal(got.Body, body) || got.Inputs["a1"] != "h:accepted" || !got.Expires.Equal(expires) {
		t.Fatalf("read back %+v", got)
	}
	if _, err := s.ProposalByID(ctx, "2026-27", "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing proposal: %v", err)
	}
}

func TestMatchKeys(t *testing.T) {
	k := store.MatchKey("e1", "m1")
	if mentee, mentor, err := store.ParseMatchKey(k); err != nil || mentee != "e1" || mentor != "m1" {
		t.Fatalf("ParseMatchKey(%q) = %q, %q, %v", k, mentee, mentor, err)
	}
	if m := (&store.Match{Mentee: "e1", Mentor: "m1"}); m.Key() != k {
		t.Errorf("Match.Key() = %q, want %q", m.Key(), k)
	}
	for _, bad := range []string{"", "e1#m1", "MATCH#e1", "MATCH##m1", "MATCH#e1#", "MATCH#e1#m1#x", "REMATCH#e1#m1"} {
		if _, _, err := store.ParseMatchKey(bad); err == nil {
			t.Errorf("ParseMatchKey(%q) accepted it", bad)
		}
	}
}

func TestUnreadableItemIsAnError(t *testing.T) {
	ctx := context.Background()
	db, table, s := mustTable(t)
	a := application(forms.RoleMentor, "ann@example.org", "a1")
	if _, err := s.AddApplication(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "CYCLE#2026-27"},
		"sk": &types.AttributeValueMemberS{Value: "APP#mentor#" + store.EmailKey(a.Email)},
	}})
	if err != nil || got.Item == nil {
		t.Fatalf("the application is not where the package documentation says: %v", err)
	}
	got.Item["submitted_at"] = &types.AttributeValueMemberS{Value: "the third of September"}
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: got.Item}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Application(ctx, "2026-27", forms.RoleMentor, a.Email); err == nil || !strings.Contains(err.Error(), "submitted_at") {
		t.Fatalf("reading an application with an unreadable time: err = %v", err)
	}
	if _, err := s.Applications(ctx, "2026-27", forms.RoleMentor); err == nil {
		t.Fatal("listing an application with an unreadable time: no error")
	}
}
