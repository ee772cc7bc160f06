package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// A person has as many links as emails carried one; asking for a new link adds one and retires
// nothing, and only RetireLinks (the new link's first use) ends the older links and sessions.
func TestLinksAddUpUntilRetired(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	until := now.AddDate(0, 9, 0)
	a, err := s.AddApplication(ctx, application(forms.RoleMentee, "ada@example.org", "e1"))
	if err != nil {
		t.Fatal(err)
	}
	p := store.Person{Cycle: a.Cycle, Role: a.Role, ID: a.ID}
	_, first := store.NewSecret()
	_, session := store.NewSecret()
	if err := s.AddLink(ctx, p, first, false, now, until); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSession(ctx, p, session, now, until); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	_, second := store.NewSecret()
	if err := s.AddLink(ctx, p, second, true, later, until); err != nil {
		t.Fatal(err)
	}
	for name, hash := range map[string]string{"first": first, "second": second} {
		if l, err := s.LinkOf(ctx, hash, later); err != nil || l.Person != p {
			t.Errorf("the %s link before any retiring: %+v, %v", name, l, err)
		}
	}
	if l, _ := s.LinkOf(ctx, second, later); !l.Requested || !l.IssuedAt.Equal(later) {
		t.Errorf("the asked-for link: %+v, want requested and issued at %s", l, later)
	}
	if got, err := s.SessionOf(ctx, session, later); err != nil || got.Person != p || !got.CreatedAt.Equal(now) {
		t.Errorf("the session: %+v, %v", got, err)
	}

	if err := s.RetireLinks(ctx, a, later); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkOf(ctx, first, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the older link after retiring: %v, want not found", err)
	}
	if _, err := s.SessionOf(ctx, session, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the older session after retiring: %v, want not found", err)
	}
	if _, err := s.LinkOf(ctx, second, later); err != nil {
		t.Errorf("the link retiring was for: %v", err)
	}
	if err := s.RetireLinks(ctx, a, now); err != nil || a.LinksFrom != later.Unix() {
		t.Errorf("retiring to an earlier time moved the mark back: %v, %d", err, a.LinksFrom)
	}
	if _, err := s.LinkOf(ctx, second, until); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a link at its expiry: %v, want not found", err)
	}
	if err := s.DeleteApplication(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkOf(ctx, second, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the link of an erased person: %v, want not found", err)
	}
}

// An address may ask for a few new links a day.
func TestLinkRequestsAreCappedPerDay(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	until := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		if err := s.CountLinkRequest(ctx, "Ada@Example.org", "2026-11-02", 3, until.Add(-time.Hour), until); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if err := s.CountLinkRequest(ctx, "ada@example.org", "2026-11-02", 3, until.Add(-time.Hour), until); !errors.Is(err, store.ErrTooManyLinks) {
		t.Fatalf("the fourth request of the day: %v, want too many", err)
	}
	if err := s.CountLinkRequest(ctx, "ada@example.org", "2026-11-03", 3, until.Add(-time.Hour), until); err != nil {
		t.Errorf("the next day's first request: %v", err)
	}
}

// A link made when links were kept per side of a match (its item names the match, not the
// person) still opens its person's page.
func TestALinkOfASideOfAMatchStillWorks(t *testing.T) {
	ctx := context.Background()
	db, table, s := mustTable(t)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	a, err := s.AddApplication(ctx, application(forms.RoleMentor, "zoe@example.org", "m1"))
	if err != nil {
		t.Fatal(err)
	}
	_, hash := store.NewSecret()
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "TOKEN#" + hash}, "sk": &types.AttributeValueMemberS{Value: "TOKEN"},
		"cycle": &types.AttributeValueMemberS{Value: a.Cycle}, "match": &types.AttributeValueMemberS{Value: store.MatchKey("e1", "m1")},
		"role": &types.AttributeValueMemberS{Value: "mentor"}, "expires_at": &types.AttributeValueMemberN{Value: "1893456000"},
	}}); err != nil {
		t.Fatal(err)
	}
	l, err := s.LinkOf(ctx, hash, now)
	if err != nil || l.Person != (store.Person{Cycle: a.Cycle, Role: forms.RoleMentor, ID: "m1"}) {
		t.Errorf("a link of a match's side: %+v, %v", l, err)
	}
}
