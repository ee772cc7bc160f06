package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Sent marks one scheduled message to one person in a cycle: a reminder, a tips message or the
// staff digest. It is claimed (added) before the message goes and confirmed after; a claim that
// was never confirmed is a message that may or may not have gone (see package remind).
type Sent struct {
	Cycle     string    `dynamodbav:"cycle"`
	Message   string    `dynamodbav:"message"` // e.g. goals-7d, tips-2026-12, digest-2026-11-09
	Person    string    `dynamodbav:"person"`  // an application id, or EmailKey of a staff address
	Match     string    `dynamodbav:"match"`   // the pair's match key in markers written once a pair, else ""
	Activity  string    `dynamodbav:"activity,omitempty"`
	Resource  string    `dynamodbav:"resource,omitempty"`
	Text      string    `dynamodbav:"text,omitempty"` // an outbox email's text (its message is MailPrefix and its id)
	ClaimedAt time.Time `dynamodbav:"claimed_at"`
	Claim     string    `dynamodbav:"claim,omitempty"` // a token of the claim, by which its sender knows it for its own
	Delivered bool      `dynamodbav:"delivered"`
	Expires   time.Time `dynamodbav:"-"`
}

// Key is the marker's sort key: SENT#<message>#<person>[#<mentee id>#<mentor id>]. Messages
// now go once a person, with no pair in the key; markers written once a pair keep theirs.
func (m *Sent) Key() string { return sentKey(m.Message, m.Person, m.Match) }

// MailPrefix begins the message of an outbox email's marker: MailPrefix + the email's id.
const MailPrefix = "mail-"

var sent = kind[Sent]{
	name:    "sent marker",
	exists:  ErrSentExists,
	keys:    func(m *Sent) (string, string) { return cycleKey(m.Cycle), m.Key() },
	expires: func(m *Sent) *time.Time { return &m.Expires },
	encode:  marshal[Sent],
	decode:  unmarshal[Sent],
}

// ClaimSend adds the marker unless it exists; then it adds nothing and returns the stored one
// with ErrSentExists.
func (s *Store) ClaimSend(ctx context.Context, m *Sent) (*Sent, error) { return sent.add(ctx, s, m) }

// Claims claims markers for one sender (a process, for as long as it runs). Each claim carries a
// new token, and Claims remembers those of its claims whose message it knows did not go: a claim
// whose answer was lost (the database stopped as it wrote it), or whose release failed. Meeting
// one of them again, it releases it and claims afresh, so that the message goes then rather than
// being taken for another sender's. Its zero value is ready; it is safe for concurrent use.
type Claims struct {
	unsent sync.Map // claim token → struct{}
}

// Claim adds the marker m with a new token unless it exists, as ClaimSend does; a stored claim of
// its own whose message did not go is released and claimed again. After any error but
// ErrSentExists the claim may have been stored, and is remembered as not sent.
func (c *Claims) Claim(ctx context.Context, s *Store, m *Sent) (*Sent, error) {
	m.Claim = newToken()
	old, err := s.ClaimSend(ctx, m)
	switch {
	case errors.Is(err, ErrSentExists):
		if c.Unsent(old) {
			if err := s.ReleaseSend(ctx, old); err != nil {
				return nil, err
			}
			c.unsent.Delete(old.Claim)
			return c.Claim(ctx, s, m)
		}
	case err != nil:
		c.unsent.Store(m.Claim, struct{}{})
	}
	return old, err
}

// Unsent reports whether the stored marker m is a claim of this sender's whose message it knows
// did not go: Claim releases it and claims again.
func (c *Claims) Unsent(m *Sent) bool {
	_, mine := c.unsent.Load(m.Claim)
	return mine && m.Claim != "" && !m.Delivered
}

// Release removes the claim m, whose message did not go (ReleaseSend); a claim it cannot remove
// is remembered as not sent.
func (c *Claims) Release(ctx context.Context, s *Store, m *Sent) error {
	err := s.ReleaseSend(ctx, m)
	if err != nil {
		c.unsent.Store(m.Claim, struct{}{})
	}
	return err
}

// newToken is a claim's token: 128 random bits.
func newToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ConfirmSent records that the claimed message went out.
func (s *Store) ConfirmSent(ctx context.Context, m *Sent) error {
	if err := s.setBool(ctx, cycleKey(m.Cycle), m.Key(), "delivered", true); err != nil {
		return fmt.Errorf("store: confirm sent: %w", err)
	}
	m.Delivered = true
	return nil
}

// ReleaseSend removes a claim whose message is known not to have gone, so that a later run sends
// it; a confirmed marker is never removed, nor one whose claim token is not m's.
func (s *Store) ReleaseSend(ctx context.Context, m *Sent) error {
	condition, values := "delivered = :false", map[string]types.AttributeValue{":false": &types.AttributeValueMemberBOOL{Value: false}}
	if m.Claim != "" {
		condition, values[":claim"] = condition+" AND claim = :claim", str(m.Claim)
	}
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), m.Key()),
		ConditionExpression:       aws.String(condition),
		ExpressionAttributeValues: values,
	})
	if err != nil {
		return fmt.Errorf("store: release send: %w", err)
	}
	return nil
}

// SentMessages lists a cycle's markers.
func (s *Store) SentMessages(ctx context.Context, cycle string) ([]*Sent, error) {
	return sent.list(ctx, s, cycle, sentPrefix)
}
