// Package store keeps the program's records in one DynamoDB table, through single-item
// conditional writes only (no transactions), so that it runs unchanged on DynamoDB and on the
// local DynamoDB-compatible server.
//
// # Table
//
// One table (see Definition): partition key pk (string), sort key sk (string), on-demand billing,
// no secondary indexes, and a time-to-live attribute ttl (number, Unix seconds) that AWS uses to
// delete expired items. Every item holding personal data carries ttl = the cycle's expiry (its end
// plus the calendar's retention period).
//
// # Items
//
// Application, one per person per role per cycle:
//
//	pk            "CYCLE#<cycle id>"                     e.g. CYCLE#2026-27
//	sk            "APP#<role>#<email key>"               role mentor|mentee; email key = hex SHA-256 of the normalised address
//	id            random identifier given to the applicant
//	cycle, role   as in the keys
//	email         the address as the applicant typed it
//	status        submitted | accepted | declined | withdrawn (set by staff after review)
//	submitted_at  RFC 3339 time
//	hash          SHA-256 of the canonical submission: tells a replay from a different second application
//	answers       map: every answer, confidential ones included (staff and matcher only)
//	ttl           expiry, Unix seconds
//
// Keys hold no personal data, so they are safe to appear in metrics and error messages. A cycle's
// applications for one role are one Query: pk = CYCLE#<cycle> and sk begins with APP#<role>#.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Status is where an application stands in staff review.
type Status string

// The review statuses; an application starts as StatusSubmitted.
const (
	StatusSubmitted Status = "submitted"
	StatusAccepted  Status = "accepted"
	StatusDeclined  Status = "declined"
	StatusWithdrawn Status = "withdrawn"
)

// ErrExists means the person already has an application for this role and cycle.
var ErrExists = errors.New("store: an application for this person, role and cycle exists")

// ErrNotFound means no such item.
var ErrNotFound = errors.New("store: not found")

// Application is a stored application.
type Application struct {
	ID          string
	Cycle       string
	Role        forms.Role
	Email       string
	Status      Status
	SubmittedAt time.Time
	Hash        string
	Form        forms.Form
	Expires     time.Time
}

// Store reads and writes the table.
type Store struct {
	db    *dynamodb.Client
	table string
}

// New returns a store on table through db.
func New(db *dynamodb.Client, table string) *Store { return &Store{db: db, table: table} }

// Local returns a client for a local DynamoDB-compatible server at endpoint (any credentials do).
func Local(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}

// EmailKey is the key part that stands for an email address.
func EmailKey(email string) string {
	h := sha256.Sum256([]byte(forms.NormalEmail(email)))
	return hex.EncodeToString(h[:])
}

func cycleKey(cycle string) string { return "CYCLE#" + cycle }

func appKey(role forms.Role, email string) string {
	return "APP#" + string(role) + "#" + EmailKey(email)
}

var jsonTags = func(o *attributevalue.EncoderOptions) { o.TagKey = "json" }

// item is an application's attributes but its answers, which are a map of their own.
type item struct {
	PK          string `dynamodbav:"pk"`
	SK          string `dynamodbav:"sk"`
	ID          string `dynamodbav:"id"`
	Cycle       string `dynamodbav:"cycle"`
	Role        string `dynamodbav:"role"`
	Email       string `dynamodbav:"email"`
	Status      string `dynamodbav:"status"`
	SubmittedAt string `dynamodbav:"submitted_at"`
	Hash        string `dynamodbav:"hash"`
	TTL         int64  `dynamodbav:"ttl"`
}

// AddApplication stores a new application. If one exists for the same person, role and cycle,
// it stores nothing and returns the existing one with ErrExists.
func (s *Store) AddApplication(ctx context.Context, a *Application) (*Application, error) {
	answers, err := attributevalue.MarshalMapWithOptions(a.Form, jsonTags)
	if err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	it, err := attributevalue.MarshalMap(item{
		PK: cycleKey(a.Cycle), SK: appKey(a.Role, a.Email), ID: a.ID, Cycle: a.Cycle, Role: string(a.Role),
		Email: a.Email, Status: string(a.Status), SubmittedAt: a.SubmittedAt.UTC().Format(time.RFC3339Nano),
		Hash: a.Hash, TTL: a.Expires.Unix(),
	})
	if err != nil {
		return nil, fmt.Errorf("store: item: %w", err)
	}
	it["answers"] = &types.AttributeValueMemberM{Value: answers}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                it,
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		old, err := s.Application(ctx, a.Cycle, a.Role, a.Email)
		if err != nil {
			return nil, err
		}
		return old, ErrExists
	}
	if err != nil {
		return nil, fmt.Errorf("store: put application: %w", err)
	}
	return a, nil
}

// Application reads one application.
func (s *Store) Application(ctx context.Context, cycle string, role forms.Role, email string) (*Application, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &s.table,
		Key:            key(cycleKey(cycle), appKey(role, email)),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("store: get application: %w", err)
	}
	if out.Item == nil {
		return nil, ErrNotFound
	}
	return decode(out.Item)
}

// Applications lists a cycle's applications for one role, confidential answers included: for
// staff and the matcher only.
func (s *Store) Applications(ctx context.Context, cycle string, role forms.Role) ([]*Application, error) {
	var out []*Application
	err := s.query(ctx, cycle, "APP#"+string(role)+"#", func(it map[string]types.AttributeValue) error {
		a, err := decode(it)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetStatus records staff's decision on an existing application.
func (s *Store) SetStatus(ctx context.Context, cycle string, role forms.Role, email string, st Status) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       key(cycleKey(cycle), appKey(role, email)),
		UpdateExpression:          aws.String("SET #s = :s"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":s": &types.AttributeValueMemberS{Value: string(st)}},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: set status: %w", err)
	}
	return nil
}

// query calls each for every item of the cycle whose sort key starts with prefix.
func (s *Store) query(ctx context.Context, cycle, prefix string, each func(map[string]types.AttributeValue) error) error {
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:              &s.table,
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :prefix)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(cycleKey(cycle)), ":prefix": str(prefix),
		},
		ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("store: query %s: %w", prefix, err)
		}
		for _, it := range page.Items {
			if err := each(it); err != nil {
				return err
			}
		}
	}
	return nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

func decode(av map[string]types.AttributeValue) (*Application, error) {
	var it item
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, fmt.Errorf("store: decode item: %w", err)
	}
	role, ok := forms.ParseRole(it.Role)
	if !ok {
		return nil, fmt.Errorf("store: item %s/%s has role %q", it.PK, it.SK, it.Role)
	}
	form := forms.New(role)
	answers, _ := av["answers"].(*types.AttributeValueMemberM)
	if answers == nil {
		return nil, fmt.Errorf("store: item %s/%s has no answers", it.PK, it.SK)
	}
	if err := attributevalue.UnmarshalMapWithOptions(answers.Value, form, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }); err != nil {
		return nil, fmt.Errorf("store: decode answers: %w", err)
	}
	at, _ := time.Parse(time.RFC3339Nano, it.SubmittedAt)
	return &Application{
		ID: it.ID, Cycle: it.Cycle, Role: role, Email: it.Email, Status: Status(it.Status), SubmittedAt: at,
		Hash: it.Hash, Form: form, Expires: time.Unix(it.TTL, 0),
	}, nil
}
