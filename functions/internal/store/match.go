package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Match is a committed pair.
type Match struct {
	Cycle         string `dynamodbav:"cycle"`
	Mentor        string `dynamodbav:"mentor"`
	Mentee        string `dynamodbav:"mentee"`
	Proposal      string `dynamodbav:"proposal"`
	MentorToken   string `dynamodbav:"mentor_token"`
	MenteeToken   string `dynamodbav:"mentee_token"`
	MentorEmailed bool   `dynamodbav:"mentor_emailed"`
	MenteeEmailed bool   `dynamodbav:"mentee_emailed"`
	Ended         bool   `dynamodbav:"ended"` // the pair parted
	// Why the pair parted, and, for a withdrawal, which side left.
	EndReason EndReason  `dynamodbav:"ended_reason,omitempty"`
	EndedBy   forms.Role `dynamodbav:"ended_by,omitempty"`
	// Whether each side has been told the match ended (when not given a new partner at once).
	MentorEndTold bool      `dynamodbav:"mentor_end_told"`
	MenteeEndTold bool      `dynamodbav:"mentee_end_told"`
	EndedAt       time.Time `dynamodbav:"ended_at"`
	CreatedAt     time.Time `dynamodbav:"created_at"`
	Expires       time.Time `dynamodbav:"-"`
}

// Key is the match's key (see MatchKey), unique to the pair within its cycle.
func (m *Match) Key() string { return MatchKey(m.Mentee, m.Mentor) }

var matches = kind[Match]{
	name:    "match",
	exists:  ErrMatchExists,
	keys:    func(m *Match) (string, string) { return cycleKey(m.Cycle), m.Key() },
	expires: func(m *Match) *time.Time { return &m.Expires },
	encode:  marshal[Match],
	decode:  unmarshal[Match],
}

// AddMatch stores a new match. If the pair is already matched this cycle it stores nothing and
// returns the existing match with ErrMatchExists.
func (s *Store) AddMatch(ctx context.Context, m *Match) (*Match, error) {
	return matches.add(ctx, s, m)
}

// Matches lists a cycle's committed matches, ended ones included.
func (s *Store) Matches(ctx context.Context, cycle string) ([]*Match, error) {
	return matches.list(ctx, s, cycle, matchPrefix)
}

// side is the attribute of one side of a match: "mentor_token", "mentee_emailed", …
func side(role forms.Role, attribute string) string { return string(role) + "_" + attribute }

// IssueToken records the hash of a participant's personal-link token for one side of a match,
// valid until the given time, replacing any earlier token of that side whose email was never sent.
func (s *Store) IssueToken(ctx context.Context, m *Match, role forms.Role, hash string, until time.Time) error {
	return s.setToken(ctx, m, role, hash, until, true)
}

// setToken stores a token for one side of a match and records its hash on the match (only while
// that side's email is unsent, if unsent is true); the side's previous token is deleted.
func (s *Store) setToken(ctx context.Context, m *Match, role forms.Role, hash string, until time.Time, unsent bool) error {
	if err := s.PutToken(ctx, m, role, hash, until); err != nil {
		return err
	}
	return s.switchToken(ctx, m, role, hash, unsent)
}

// PutToken stores a personal-link token (by its hash) for one side of a match, valid until the
// given time. It does not work yet: only the token the match records does (see SwitchToken).
func (s *Store) PutToken(ctx context.Context, m *Match, role forms.Role, hash string, until time.Time) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: map[string]types.AttributeValue{
		"pk": str(tokenKey(hash)), "sk": str(tokenSort), "cycle": str(m.Cycle), "match": str(m.Key()),
		"role": str(string(role)), "expires_at": num(until.Unix()), "ttl": num(until.Unix()),
	}, ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if err != nil {
		return fmt.Errorf("store: put token: %w", err)
	}
	return nil
}

// SwitchToken makes the token stored with PutToken the side's link: the match records its hash,
// and the side's previous token stops working and is deleted.
func (s *Store) SwitchToken(ctx context.Context, m *Match, role forms.Role, hash string) error {
	return s.switchToken(ctx, m, role, hash, false)
}

// DropToken deletes a token stored with PutToken that was never switched to (its email could
// not be sent).
func (s *Store) DropToken(ctx context.Context, hash string) error {
	return s.delete(ctx, "token", tokenKey(hash), tokenSort)
}

func (s *Store) switchToken(ctx context.Context, m *Match, role forms.Role, hash string, unsent bool) error {
	old := &m.MenteeToken
	if role == forms.RoleMentor {
		old = &m.MentorToken
	}
	update := &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), m.Key()),
		UpdateExpression:          aws.String("SET #t = :t"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeNames:  map[string]string{"#t": side(role, "token")},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": str(hash)},
	}
	if unsent {
		update.ConditionExpression = aws.String("attribute_exists(pk) AND #e = :false")
		update.ExpressionAttributeNames["#e"] = side(role, "emailed")
		update.ExpressionAttributeValues[":false"] = &types.AttributeValueMemberBOOL{Value: false}
	}
	if _, err := s.db.UpdateItem(ctx, update); err != nil {
		return fmt.Errorf("store: set token: %w", err)
	}
	replaced := *old
	*old = hash
	if replaced != "" && replaced != hash {
		return s.DropToken(ctx, replaced)
	}
	return nil
}

// TokenMatch finds the match and side a personal-link token hash belongs to; an expired token
// is not found, whether or not DynamoDB has deleted it yet, nor one the match no longer records.
func (s *Store) TokenMatch(ctx context.Context, hash string, now time.Time) (m *Match, role forms.Role, err error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(tokenKey(hash), tokenSort), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, "", fmt.Errorf("store: get token: %w", err)
	}
	if out.Item == nil {
		return nil, "", ErrNotFound
	}
	var t struct {
		Cycle   string     `dynamodbav:"cycle"`
		Match   string     `dynamodbav:"match"`
		Role    forms.Role `dynamodbav:"role"`
		Expires int64      `dynamodbav:"expires_at"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &t); err != nil {
		return nil, "", fmt.Errorf("store: decode token: %w", err)
	}
	if now.Unix() >= t.Expires {
		return nil, "", ErrNotFound
	}
	m, err = matches.get(ctx, s, cycleKey(t.Cycle), t.Match)
	if err != nil {
		return nil, "", err
	}
	// A replaced token whose item outlived its replacement (a request stopped before deleting it)
	// is not the one the match records, and no longer works.
	current := m.MenteeToken
	if t.Role == forms.RoleMentor {
		current = m.MentorToken
	}
	if current != hash {
		return nil, "", ErrNotFound
	}
	return m, t.Role, nil
}

// MarkEmailed records that one side of a match is sent its match email. The matcher records
// it before sending, so that a run killed while sending never sends a second email with a new
// link (which would end the first link); UnmarkEmailed takes it back when the sending failed.
func (s *Store) MarkEmailed(ctx context.Context, m *Match, role forms.Role) error {
	return s.setBool(ctx, cycleKey(m.Cycle), m.Key(), side(role, "emailed"), true)
}

// UnmarkEmailed records that one side's match email, recorded as sent, could not be sent after
// all: the next commit sends it, with a new link.
func (s *Store) UnmarkEmailed(ctx context.Context, m *Match, role forms.Role) error {
	return s.setBool(ctx, cycleKey(m.Cycle), m.Key(), side(role, "emailed"), false)
}

// MarkEndTold records that one side of an ended match has been told it ended.
func (s *Store) MarkEndTold(ctx context.Context, m *Match, role forms.Role) error {
	if err := s.setBool(ctx, cycleKey(m.Cycle), m.Key(), side(role, "end_told"), true); err != nil {
		return err
	}
	if role == forms.RoleMentor {
		m.MentorEndTold = true
	} else {
		m.MenteeEndTold = true
	}
	return nil
}

// EndReason is why a match ended.
type EndReason string

// The reasons a match ends.
const (
	EndWithdrawal EndReason = "withdrawal" // one side left the program
	EndRematch    EndReason = "rematch"    // a rematch request was answered
	EndStaff      EndReason = "staff"      // staff ended it
)

// EndMatch records that the pair parted, why, and (for a withdrawal) which side left. A match
// already ended keeps its first end: m then holds it. Package lifecycle is its only caller.
func (s *Store) EndMatch(ctx context.Context, m *Match, reason EndReason, by forms.Role, at time.Time) error {
	values := map[string]types.AttributeValue{
		":true": &types.AttributeValueMemberBOOL{Value: true}, ":at": str(at.UTC().Format(time.RFC3339Nano)), ":why": str(string(reason)),
	}
	set := "SET ended = :true, ended_at = :at, ended_reason = :why"
	if by != "" {
		set += ", ended_by = :by"
		values[":by"] = str(string(by))
	}
	err := s.update(ctx, "end match", cycleKey(m.Cycle), m.Key(), set, "attribute_exists(pk) AND ended <> :true", nil, values)
	if errors.Is(err, errConditionFailed) {
		stored, err := s.Match(ctx, m.Cycle, m.Key())
		if err != nil {
			return err
		}
		m.Ended, m.EndedAt, m.EndReason, m.EndedBy = stored.Ended, stored.EndedAt, stored.EndReason, stored.EndedBy
		return nil
	}
	if err != nil {
		return err
	}
	m.Ended, m.EndedAt, m.EndReason, m.EndedBy = true, at, reason, by
	return nil
}

// NewToken returns a fresh personal-link token (32 random bytes, hex) and the hash the store
// keeps of it; the token itself is only ever sent to its participant.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = hex.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is the hash under which a personal-link token is stored and looked up.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
