package store

// The matcher's items, in the same table:
//
//	Proposal      pk CYCLE#<cycle>  sk PROPOSAL#<id>        mode, exclude, inputs (item → version),
//	                                                        ends, requests, body (gzip JSON, staff
//	                                                        only), created_at, ttl
//	Match         pk CYCLE#<cycle>  sk MATCH#<mentee>#<mentor>  (application ids) proposal,
//	                                                        mentor_token, mentee_token (SHA-256 of the
//	                                                        personal links' tokens), mentor_emailed,
//	                                                        mentee_emailed, ended, ended_at, created_at, ttl
//	Rematch       pk CYCLE#<cycle>  sk REMATCH#<match sk>#<role>  the request of one side of a match:
//	                                                        status, reason (staff only), created_at, ttl
//	Token         pk TOKEN#<sha256> sk TOKEN                cycle, match (the match's sk), role, ttl
//	Lock          pk LOCK#<name>    sk LOCK                 owner, expires_at, ttl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrLocked means another run holds the lock.
var ErrLocked = errors.New("store: locked by another run")

// Proposal is a stored matcher proposal.
type Proposal struct {
	ID        string            `dynamodbav:"-"`
	Cycle     string            `dynamodbav:"cycle"`
	Mode      string            `dynamodbav:"mode"`     // propose or rematch
	Exclude   []string          `dynamodbav:"exclude"`  // applications staff left out
	Inputs    map[string]string `dynamodbav:"inputs"`   // what the proposal was built from: item → version
	Ends      []string          `dynamodbav:"ends"`     // matches a rematch ends (their Keys)
	Requests  []string          `dynamodbav:"requests"` // the rematch requests it answers (their Keys)
	Body      []byte            `dynamodbav:"-"`        // the proposal as JSON
	CreatedAt time.Time         `dynamodbav:"created_at"`
	Expires   time.Time         `dynamodbav:"-"`
}

// Match is a committed pair.
type Match struct {
	Cycle         string    `dynamodbav:"cycle"`
	Mentor        string    `dynamodbav:"mentor"`
	Mentee        string    `dynamodbav:"mentee"`
	Proposal      string    `dynamodbav:"proposal"`
	MentorToken   string    `dynamodbav:"mentor_token"`
	MenteeToken   string    `dynamodbav:"mentee_token"`
	MentorEmailed bool      `dynamodbav:"mentor_emailed"`
	MenteeEmailed bool      `dynamodbav:"mentee_emailed"`
	Ended         bool      `dynamodbav:"ended"` // the pair parted (a rematch)
	EndedAt       time.Time `dynamodbav:"ended_at"`
	CreatedAt     time.Time `dynamodbav:"created_at"`
	Expires       time.Time `dynamodbav:"-"`
}

// Key is the match's sort key, unique to the pair within its cycle.
func (m *Match) Key() string { return "MATCH#" + m.Mentee + "#" + m.Mentor }

// PutProposal stores p unless a proposal with its id exists (ids derive from the inputs, so an
// existing one is the same proposal).
func (s *Store) PutProposal(ctx context.Context, p *Proposal) error {
	it, err := attributevalue.MarshalMap(p)
	if err != nil {
		return fmt.Errorf("store: proposal: %w", err)
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(p.Body)
	zw.Close()
	it["pk"], it["sk"] = str(cycleKey(p.Cycle)), str("PROPOSAL#"+p.ID)
	it["body"] = &types.AttributeValueMemberB{Value: zipped.Bytes()}
	it["ttl"] = num(p.Expires.Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var failed *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &failed) {
		return fmt.Errorf("store: put proposal: %w", err)
	}
	return nil
}

// ProposalByID reads a stored proposal.
func (s *Store) ProposalByID(ctx context.Context, cycle, id string) (*Proposal, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table,
		Key: key(cycleKey(cycle), "PROPOSAL#"+id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("store: get proposal: %w", err)
	}
	if out.Item == nil {
		return nil, ErrNotFound
	}
	p := &Proposal{ID: id}
	if err := attributevalue.UnmarshalMap(out.Item, p); err != nil {
		return nil, fmt.Errorf("store: decode proposal: %w", err)
	}
	if b, ok := out.Item["body"].(*types.AttributeValueMemberB); ok {
		zr, err := gzip.NewReader(bytes.NewReader(b.Value))
		if err != nil {
			return nil, fmt.Errorf("store: proposal body: %w", err)
		}
		if p.Body, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("store: proposal body: %w", err)
		}
	}
	return p, nil
}

// AddMatch stores a new match. If the pair is already matched this cycle it stores nothing and
// returns the existing match with ErrExists.
func (s *Store) AddMatch(ctx context.Context, m *Match) (*Match, error) {
	it, err := attributevalue.MarshalMap(m)
	if err != nil {
		return nil, fmt.Errorf("store: match: %w", err)
	}
	it["pk"], it["sk"], it["ttl"] = str(cycleKey(m.Cycle)), str(m.Key()), num(m.Expires.Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		old, err := s.match(ctx, m.Cycle, m.Key())
		if err != nil {
			return nil, err
		}
		return old, ErrExists
	}
	if err != nil {
		return nil, fmt.Errorf("store: put match: %w", err)
	}
	return m, nil
}

func (s *Store) match(ctx context.Context, cycle, sk string) (*Match, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table,
		Key: key(cycleKey(cycle), sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("store: get match: %w", err)
	}
	if out.Item == nil {
		return nil, ErrNotFound
	}
	return decodeMatch(out.Item)
}

func decodeMatch(it map[string]types.AttributeValue) (*Match, error) {
	var m Match
	if err := attributevalue.UnmarshalMap(it, &m); err != nil {
		return nil, fmt.Errorf("store: decode match: %w", err)
	}
	if ttl, ok := it["ttl"].(*types.AttributeValueMemberN); ok {
		sec, _ := strconv.ParseInt(ttl.Value, 10, 64)
		m.Expires = time.Unix(sec, 0)
	}
	return &m, nil
}

// Matches lists a cycle's committed matches, ended ones included.
func (s *Store) Matches(ctx context.Context, cycle string) ([]*Match, error) {
	var out []*Match
	err := s.query(ctx, cycle, "MATCH#", func(it map[string]types.AttributeValue) error {
		m, err := decodeMatch(it)
		out = append(out, m)
		return err
	})
	return out, err
}

// IssueToken records the hash of a participant's personal-link token for one side of a match,
// valid until the given time, replacing any earlier token of that side whose email was never sent.
func (s *Store) IssueToken(ctx context.Context, m *Match, role, hash string, until time.Time) error {
	old := &m.MenteeToken
	if role == "mentor" {
		old = &m.MentorToken
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: map[string]types.AttributeValue{
		"pk": str("TOKEN#" + hash), "sk": str("TOKEN"), "cycle": str(m.Cycle), "match": str(m.Key()),
		"role": str(role), "expires_at": num(until.Unix()), "ttl": num(until.Unix()),
	}, ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if err != nil {
		return fmt.Errorf("store: put token: %w", err)
	}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), m.Key()),
		UpdateExpression:          aws.String("SET #t = :t"),
		ConditionExpression:       aws.String("attribute_exists(pk) AND #e = :false"),
		ExpressionAttributeNames:  map[string]string{"#t": role + "_token", "#e": role + "_emailed"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": str(hash), ":false": &types.AttributeValueMemberBOOL{Value: false}},
	})
	if err != nil {
		return fmt.Errorf("store: set token: %w", err)
	}
	if *old != "" {
		s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key("TOKEN#"+*old, "TOKEN")})
	}
	*old = hash
	return nil
}

// TokenMatch finds the match and side a personal-link token hash belongs to; an expired token
// is not found, whether or not DynamoDB has deleted it yet.
func (s *Store) TokenMatch(ctx context.Context, hash string, now time.Time) (m *Match, role string, err error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key("TOKEN#"+hash, "TOKEN"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, "", fmt.Errorf("store: get token: %w", err)
	}
	if out.Item == nil {
		return nil, "", ErrNotFound
	}
	var t struct {
		Cycle   string `dynamodbav:"cycle"`
		Match   string `dynamodbav:"match"`
		Role    string `dynamodbav:"role"`
		Expires int64  `dynamodbav:"expires_at"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &t); err != nil {
		return nil, "", fmt.Errorf("store: decode token: %w", err)
	}
	if now.Unix() >= t.Expires {
		return nil, "", ErrNotFound
	}
	m, err = s.match(ctx, t.Cycle, t.Match)
	return m, t.Role, err
}

// MarkEmailed records that one side of a match has been sent its match email.
func (s *Store) MarkEmailed(ctx context.Context, m *Match, role string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), m.Key()),
		UpdateExpression:          aws.String("SET #e = :true"),
		ExpressionAttributeNames:  map[string]string{"#e": role + "_emailed"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true}},
	})
	if err != nil {
		return fmt.Errorf("store: mark emailed: %w", err)
	}
	return nil
}

// EndMatch records that the pair parted, so that both may be paired again with someone else.
func (s *Store) EndMatch(ctx context.Context, m *Match, at time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           &s.table,
		Key:                 key(cycleKey(m.Cycle), m.Key()),
		UpdateExpression:    aws.String("SET ended = :true, ended_at = :at"),
		ConditionExpression: aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":true": &types.AttributeValueMemberBOOL{Value: true}, ":at": str(at.UTC().Format(time.RFC3339Nano)),
		},
	})
	if err != nil {
		return fmt.Errorf("store: end match: %w", err)
	}
	m.Ended, m.EndedAt = true, at
	return nil
}

// RematchStatus is where a rematch request stands.
type RematchStatus string

// The statuses of a rematch request: staff accept or decline a submitted one; the matcher marks
// an accepted one done when it has ended the match.
const (
	RematchSubmitted RematchStatus = "submitted"
	RematchAccepted  RematchStatus = "accepted"
	RematchDeclined  RematchStatus = "declined"
	RematchDone      RematchStatus = "done"
)

// RematchRequest is one side's request to leave its match.
type RematchRequest struct {
	Cycle     string        `dynamodbav:"cycle"`
	Match     string        `dynamodbav:"match"` // the match's Key
	Role      string        `dynamodbav:"role"`  // who asks: mentor or mentee
	Reason    string        `dynamodbav:"reason"`
	Status    RematchStatus `dynamodbav:"status"`
	CreatedAt time.Time     `dynamodbav:"created_at"`
	Expires   time.Time     `dynamodbav:"-"`
}

// Key is the request's sort key.
func (r *RematchRequest) Key() string { return "REMATCH#" + r.Match + "#" + r.Role }

// AddRematchRequest stores a request unless that side of the match already asked (ErrExists,
// with the stored request).
func (s *Store) AddRematchRequest(ctx context.Context, r *RematchRequest) (*RematchRequest, error) {
	it, err := attributevalue.MarshalMap(r)
	if err != nil {
		return nil, fmt.Errorf("store: rematch request: %w", err)
	}
	it["pk"], it["sk"], it["ttl"] = str(cycleKey(r.Cycle)), str(r.Key()), num(r.Expires.Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table,
			Key: key(cycleKey(r.Cycle), r.Key()), ConsistentRead: aws.Bool(true)})
		if err != nil {
			return nil, fmt.Errorf("store: get rematch request: %w", err)
		}
		var old RematchRequest
		if err := attributevalue.UnmarshalMap(out.Item, &old); err != nil {
			return nil, fmt.Errorf("store: decode rematch request: %w", err)
		}
		return &old, ErrExists
	}
	if err != nil {
		return nil, fmt.Errorf("store: put rematch request: %w", err)
	}
	return r, nil
}

// RematchRequests lists a cycle's rematch requests.
func (s *Store) RematchRequests(ctx context.Context, cycle string) ([]*RematchRequest, error) {
	var out []*RematchRequest
	err := s.query(ctx, cycle, "REMATCH#", func(it map[string]types.AttributeValue) error {
		var r RematchRequest
		if err := attributevalue.UnmarshalMap(it, &r); err != nil {
			return fmt.Errorf("store: decode rematch request: %w", err)
		}
		out = append(out, &r)
		return nil
	})
	return out, err
}

// SetRematchStatus records staff's decision on a request, or that the matcher acted on it.
func (s *Store) SetRematchStatus(ctx context.Context, r *RematchRequest, st RematchStatus) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(r.Cycle), r.Key()),
		UpdateExpression:          aws.String("SET #s = :s"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":s": str(string(st))},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: set rematch status: %w", err)
	}
	r.Status = st
	return nil
}

// Lock takes the named lock for owner until the given time, unless another owner holds an
// unexpired one (ErrLocked). An expired lock is taken over.
func (s *Store) Lock(ctx context.Context, name, owner string, now, until time.Time) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &s.table,
		Item: map[string]types.AttributeValue{
			"pk": str("LOCK#" + name), "sk": str("LOCK"), "owner": str(owner),
			"expires_at": num(until.Unix()), "ttl": num(until.Unix()),
		},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR expires_at < :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(now.Unix())},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrLocked
	}
	if err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	return nil
}

// Unlock releases the named lock if owner still holds it.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       key("LOCK#"+name, "LOCK"),
		ConditionExpression:       aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": str(owner)},
	})
	var failed *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &failed) {
		return fmt.Errorf("store: unlock: %w", err)
	}
	return nil
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
