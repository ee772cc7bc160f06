package store

// The matcher's items, in the same table:
//
//	Proposal      pk CYCLE#<cycle>  sk PROPOSAL#<id>        inputs (application id → hash:status),
//	                                                        body (gzip JSON, staff only), created_at, ttl
//	Match         pk CYCLE#<cycle>  sk MATCH#<mentee app>   mentor, mentee (application ids), proposal,
//	                                                        mentor_token, mentee_token (SHA-256 of the
//	                                                        personal links' tokens), mentor_emailed,
//	                                                        mentee_emailed, created_at, ttl
//	Token         pk TOKEN#<sha256> sk TOKEN                cycle, mentee (the match's key), role, ttl
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
	Inputs    map[string]string `dynamodbav:"inputs"` // application id → hash:status, as proposed
	Body      []byte            `dynamodbav:"-"`      // the proposal as JSON
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
	CreatedAt     time.Time `dynamodbav:"created_at"`
	Expires       time.Time `dynamodbav:"-"`
}

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

// AddMatch stores a new match. If the mentee is already matched this cycle it stores nothing
// and returns the existing match with ErrExists.
func (s *Store) AddMatch(ctx context.Context, m *Match) (*Match, error) {
	it, err := attributevalue.MarshalMap(m)
	if err != nil {
		return nil, fmt.Errorf("store: match: %w", err)
	}
	it["pk"], it["sk"], it["ttl"] = str(cycleKey(m.Cycle)), str("MATCH#"+m.Mentee), num(m.Expires.Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		old, err := s.match(ctx, m.Cycle, m.Mentee)
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

func (s *Store) match(ctx context.Context, cycle, mentee string) (*Match, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table,
		Key: key(cycleKey(cycle), "MATCH#"+mentee), ConsistentRead: aws.Bool(true)})
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

// Matches lists a cycle's committed matches.
func (s *Store) Matches(ctx context.Context, cycle string) ([]*Match, error) {
	var out []*Match
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:              &s.table,
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :prefix)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(cycleKey(cycle)), ":prefix": str("MATCH#"),
		},
		ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("store: list matches: %w", err)
		}
		for _, it := range page.Items {
			m, err := decodeMatch(it)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	return out, nil
}

// IssueToken records the hash of a participant's personal-link token for one side of a match,
// replacing any earlier token of that side whose email was never sent.
func (s *Store) IssueToken(ctx context.Context, m *Match, role, hash string) error {
	old := &m.MenteeToken
	if role == "mentor" {
		old = &m.MentorToken
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: map[string]types.AttributeValue{
		"pk": str("TOKEN#" + hash), "sk": str("TOKEN"), "cycle": str(m.Cycle), "mentee": str(m.Mentee),
		"role": str(role), "ttl": num(m.Expires.Unix()),
	}, ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if err != nil {
		return fmt.Errorf("store: put token: %w", err)
	}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), "MATCH#"+m.Mentee),
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

// TokenMatch finds the match and side a personal-link token hash belongs to.
func (s *Store) TokenMatch(ctx context.Context, hash string) (m *Match, role string, err error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key("TOKEN#"+hash, "TOKEN"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, "", fmt.Errorf("store: get token: %w", err)
	}
	if out.Item == nil {
		return nil, "", ErrNotFound
	}
	var t struct {
		Cycle  string `dynamodbav:"cycle"`
		Mentee string `dynamodbav:"mentee"`
		Role   string `dynamodbav:"role"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &t); err != nil {
		return nil, "", fmt.Errorf("store: decode token: %w", err)
	}
	m, err = s.match(ctx, t.Cycle, t.Mentee)
	return m, t.Role, err
}

// MarkEmailed records that one side of a match has been sent its match email.
func (s *Store) MarkEmailed(ctx context.Context, m *Match, role string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(m.Cycle), "MATCH#"+m.Mentee),
		UpdateExpression:          aws.String("SET #e = :true"),
		ExpressionAttributeNames:  map[string]string{"#e": role + "_emailed"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true}},
	})
	if err != nil {
		return fmt.Errorf("store: mark emailed: %w", err)
	}
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
