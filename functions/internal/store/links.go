package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Person names a participant of one cycle: the application a personal link or a session is for.
type Person struct {
	Cycle string     `dynamodbav:"cycle"`
	Role  forms.Role `dynamodbav:"role"`
	ID    string     `dynamodbav:"person"` // the application's id
}

// Link is a stored personal link: whose it is, when it was made, and whether the person asked
// for it (a new-link request) rather than an email carrying it unasked.
type Link struct {
	Person
	IssuedAt  time.Time
	Requested bool
}

// Session is a signed-in browser: whose it is and when it began.
type Session struct {
	Person
	CreatedAt time.Time
}

// credential is a token's or a session's item: both are stored under the hash of their secret.
type credential struct {
	Person
	Match     string `dynamodbav:"match,omitempty"` // links made before links were per person: the match they were for
	At        int64  `dynamodbav:"issued_at"`
	Requested bool   `dynamodbav:"requested,omitempty"`
	Expires   int64  `dynamodbav:"expires_at"`
}

// NewSecret returns a fresh secret (32 random bytes, hex) for a link or a session, and the hash
// under which the store keeps it; the secret itself is never stored.
func NewSecret() (secret, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	secret = hex.EncodeToString(b)
	return secret, SecretHash(secret)
}

// SecretHash is the hash under which a link's or a session's secret is stored and looked up.
func SecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// AddLink stores a new personal link for p (by its secret's hash), working until the given time.
// A person has as many links as emails carried one: each works until it expires or the person's
// links are retired (RetireLinks).
func (s *Store) AddLink(ctx context.Context, p Person, hash string, requested bool, now, until time.Time) error {
	return s.putCredential(ctx, "link", tokenKey(hash), tokenSort, credential{Person: p, At: now.Unix(), Requested: requested, Expires: until.Unix()})
}

// AddSession stores a new session for p (by its secret's hash), lasting until the given time.
func (s *Store) AddSession(ctx context.Context, p Person, hash string, now, until time.Time) error {
	return s.putCredential(ctx, "session", sessionKey(hash), sessionSort, credential{Person: p, At: now.Unix(), Expires: until.Unix()})
}

func (s *Store) putCredential(ctx context.Context, what, pk, sk string, c credential) error {
	it, err := attributevalue.MarshalMap(c)
	if err != nil {
		return fmt.Errorf("store: add %s: %w", what, err)
	}
	it["pk"], it["sk"], it["ttl"] = str(pk), str(sk), num(c.Expires)
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it, ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if err != nil {
		return fmt.Errorf("store: add %s: %w", what, err)
	}
	return nil
}

// LinkOf finds the personal link stored under hash; ErrNotFound if there is none, it has
// expired (whether or not DynamoDB has deleted it yet), or its person's links were retired
// after it was made, or its person is no longer in the store.
func (s *Store) LinkOf(ctx context.Context, hash string, now time.Time) (*Link, error) {
	c, err := s.credential(ctx, tokenKey(hash), tokenSort, now)
	if err != nil {
		return nil, err
	}
	return &Link{Person: c.Person, IssuedAt: time.Unix(c.At, 0), Requested: c.Requested}, nil
}

// SessionOf finds the session stored under hash, on the same terms as LinkOf.
func (s *Store) SessionOf(ctx context.Context, hash string, now time.Time) (*Session, error) {
	c, err := s.credential(ctx, sessionKey(hash), sessionSort, now)
	if err != nil {
		return nil, err
	}
	return &Session{Person: c.Person, CreatedAt: time.Unix(c.At, 0)}, nil
}

// EndSession deletes a session (signing out, or a switch to another person).
func (s *Store) EndSession(ctx context.Context, hash string) error {
	return s.delete(ctx, "session", sessionKey(hash), sessionSort)
}

func (s *Store) credential(ctx context.Context, pk, sk string, now time.Time) (*credential, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("store: get credential: %w", err)
	}
	if out.Item == nil {
		return nil, ErrNotFound
	}
	var c credential
	if err := attributevalue.UnmarshalMap(out.Item, &c); err != nil {
		return nil, fmt.Errorf("store: decode credential: %w", err)
	}
	if now.Unix() >= c.Expires {
		return nil, ErrNotFound
	}
	if c.ID == "" && c.Match != "" { // a link made for one side of a match
		mentee, mentor, err := ParseMatchKey(c.Match)
		if err != nil {
			return nil, err
		}
		c.ID = map[forms.Role]string{forms.RoleMentee: mentee, forms.RoleMentor: mentor}[c.Role]
	}
	from, err := s.linksFrom(ctx, c.Person)
	if err != nil {
		return nil, err
	}
	if c.At < from {
		return nil, ErrNotFound
	}
	return &c, nil
}

// linksFrom is when the person's links and sessions last were retired (Unix seconds; 0 if never);
// ErrNotFound when the person has no application (erased, or never stored).
func (s *Store) linksFrom(ctx context.Context, p Person) (int64, error) {
	a, err := s.ApplicationByID(ctx, p.Cycle, p.Role, p.ID)
	if errors.Is(err, ErrNotFound) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	return a.LinksFrom, nil
}

// RetireLinks makes every link and session of the person made before the given time stop working.
// Asking for a new link retires none; opening the new link for the first time retires the older
// ones, so that a link that went astray stops working once its owner has a new one.
func (s *Store) RetireLinks(ctx context.Context, a *Application, before time.Time) error {
	err := s.update(ctx, "retire links", cycleKey(a.Cycle), appKey(a.Role, a.Email), "SET links_from = :t",
		"attribute_exists(pk) AND (attribute_not_exists(links_from) OR links_from < :t)", nil,
		map[string]types.AttributeValue{":t": num(before.Unix())})
	if errors.Is(err, errConditionFailed) { // retired as late or later already
		return nil
	}
	if err == nil {
		a.LinksFrom = before.Unix()
	}
	return err
}

// ErrTooManyLinks means an address asked for new links more often today than a day allows.
var ErrTooManyLinks = errors.New("store: too many new links asked for today")

// CountLinkRequest counts one new-link request for the address on day (yyyy-mm-dd), at now, in
// one write that also owes the emails given (the new links, package outbox); it refuses with
// ErrTooManyLinks, writing and owing nothing, once the day has had max of them. The count
// and what it owes expire at until.
func (s *Store) CountLinkRequest(ctx context.Context, email, day string, max int, now, until time.Time, owes ...Email) error {
	set := "SET asked = if_not_exists(asked, :zero) + :one, #t = :ttl"
	values := map[string]types.AttributeValue{":zero": num(0), ":one": num(1), ":max": num(int64(max)), ":ttl": num(until.Unix())}
	if len(owes) > 0 {
		owe, owed, err := OweUpdate(now, owes...)
		if err != nil {
			return err
		}
		set += ", " + owe
		maps.Copy(values, owed)
	}
	err := s.update(ctx, "count link request", linkAskKey(email), day, set, "attribute_not_exists(asked) OR asked < :max",
		map[string]string{"#t": "ttl"}, values)
	if errors.Is(err, errConditionFailed) {
		return ErrTooManyLinks
	}
	return err
}

// DeleteLinkRequests deletes the counts of the address's new-link requests (erasure).
func (s *Store) DeleteLinkRequests(ctx context.Context, email string) error {
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, KeyConditionExpression: aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(linkAskKey(email))}, ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("store: link requests: %w", err)
		}
		for _, it := range page.Items {
			if err := s.delete(ctx, "link request", linkAskKey(email), it["sk"].(*types.AttributeValueMemberS).Value); err != nil {
				return err
			}
		}
	}
	return nil
}
