package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
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
	Owes        []Email // the emails it owes (its receipt, until sent); stored with it, since SubmittedAt
	Expires     time.Time
	Outcome     Outcome // the outcome a commit recorded, if any
	OutcomeSent bool    // whether its email is recorded: owed with the outcome (OweOutcomeEmail), then sent by the outbox
	LinksFrom   int64   // Unix seconds: the person's links and sessions made before then no longer work (RetireLinks)
	// CertificateByHand is when staff issued the person a certificate of completion by hand, as
	// an exception to the rule (IssueCertificate); zero if they never did.
	CertificateByHand time.Time
}

// Outcome is the news a commit owes an applicant who was not matched.
type Outcome string

// The outcomes: the application was declined, or accepted but no partner was found.
const (
	OutcomeDeclined Outcome = "declined"
	OutcomeUnpaired Outcome = "unpaired"
)

// Store reads and writes the table.
type Store struct {
	db    *dynamodb.Client
	table string
}

// New returns a store on table through db.
func New(db *dynamodb.Client, table string) *Store { return &Store{db: db, table: table} }

// Local returns a client for a local DynamoDB-compatible server at endpoint (any credentials do),
// with the options given applied after.
func Local(endpoint string, optFns ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	}, optFns...)
}

var applications = kind[Application]{
	name:    "application",
	exists:  ErrApplicationExists,
	keys:    func(a *Application) (string, string) { return cycleKey(a.Cycle), appKey(a.Role, a.Email) },
	expires: func(a *Application) *time.Time { return &a.Expires },
	encode:  encodeApplication,
	decode:  decodeApplication,
}

// appItem is an application's attributes but its answers, which are a map of their own.
type appItem struct {
	ID          string `dynamodbav:"id"`
	Cycle       string `dynamodbav:"cycle"`
	Role        string `dynamodbav:"role"`
	Email       string `dynamodbav:"email"`
	Status      string `dynamodbav:"status"`
	SubmittedAt string `dynamodbav:"submitted_at"`
	Hash        string `dynamodbav:"hash"`
	Outcome     string `dynamodbav:"outcome,omitempty"`
	OutcomeSent bool   `dynamodbav:"outcome_sent,omitempty"`
	LinksFrom   int64  `dynamodbav:"links_from,omitempty"`
	Certificate string `dynamodbav:"certificate_by_hand,omitempty"`
}

// The answers are stored under the names the forms give them.
var (
	jsonTags    = func(o *attributevalue.EncoderOptions) { o.TagKey = "json" }
	fromJSONTag = func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }
)

func encodeApplication(a *Application) (map[string]types.AttributeValue, error) {
	answers, err := attributevalue.MarshalMapWithOptions(a.Form, jsonTags)
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	it, err := attributevalue.MarshalMap(appItem{
		ID: a.ID, Cycle: a.Cycle, Role: string(a.Role), Email: a.Email, Status: string(a.Status),
		SubmittedAt: a.SubmittedAt.UTC().Format(time.RFC3339Nano), Hash: a.Hash,
		Outcome: string(a.Outcome), OutcomeSent: a.OutcomeSent, LinksFrom: a.LinksFrom, Certificate: stampOrEmpty(a.CertificateByHand),
	})
	if err != nil {
		return nil, err
	}
	it["answers"] = &types.AttributeValueMemberM{Value: answers}
	owed, err := OwedAttributes(a.SubmittedAt, a.Owes...)
	if err != nil {
		return nil, err
	}
	maps.Copy(it, owed)
	return it, nil
}

func decodeApplication(av map[string]types.AttributeValue) (*Application, error) {
	var it appItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, err
	}
	role, ok := forms.ParseRole(it.Role)
	if !ok {
		return nil, fmt.Errorf("role %q", it.Role)
	}
	form := forms.New(role)
	answers, _ := av["answers"].(*types.AttributeValueMemberM)
	if answers == nil {
		return nil, errors.New("no answers")
	}
	if err := attributevalue.UnmarshalMapWithOptions(answers.Value, form, fromJSONTag); err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	at, err := time.Parse(time.RFC3339Nano, it.SubmittedAt)
	if err != nil {
		return nil, fmt.Errorf("submitted_at: %w", err)
	}
	owes, err := decodeOwes(av)
	if err != nil {
		return nil, err
	}
	var byHand time.Time
	if it.Certificate != "" {
		if byHand, err = time.Parse(time.RFC3339Nano, it.Certificate); err != nil {
			return nil, fmt.Errorf("certificate_by_hand: %w", err)
		}
	}
	return &Application{
		ID: it.ID, Cycle: it.Cycle, Role: role, Email: it.Email, Status: Status(it.Status), SubmittedAt: at,
		Hash: it.Hash, Form: form, Owes: owes, Outcome: Outcome(it.Outcome), OutcomeSent: it.OutcomeSent,
		LinksFrom: it.LinksFrom, CertificateByHand: byHand,
	}, nil
}

// stampOrEmpty is a time as stored, or "" for the zero time.
func stampOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// SetCertificateByHand records on the application that staff issued the person a certificate of
// completion by hand at at (package lifecycle decides who may have one). Issuing again keeps
// the first time.
func (s *Store) SetCertificateByHand(ctx context.Context, a *Application, at time.Time) error {
	err := s.update(ctx, "issue certificate", cycleKey(a.Cycle), appKey(a.Role, a.Email), "SET certificate_by_hand = :t",
		"attribute_exists(pk) AND attribute_not_exists(certificate_by_hand)", nil,
		map[string]types.AttributeValue{":t": str(stampOrEmpty(at))})
	if errors.Is(err, errConditionFailed) {
		got, err := s.ApplicationByID(ctx, a.Cycle, a.Role, a.ID)
		if err != nil {
			return err
		}
		if got.CertificateByHand.IsZero() {
			return ErrNotFound
		}
		a.CertificateByHand = got.CertificateByHand
		return nil
	}
	if err == nil {
		a.CertificateByHand = at
	}
	return err
}

// AddApplication stores a new application. If one exists for the same person, role and cycle,
// it stores nothing and returns the existing one with ErrApplicationExists.
func (s *Store) AddApplication(ctx context.Context, a *Application) (*Application, error) {
	return applications.add(ctx, s, a)
}

// ErrExplainedToday means a second application from the person was explained to them today
// already.
var ErrExplainedToday = errors.New("store: a second application was explained today already")

// MarkExplained records, on the application, that the person is told on day (yyyy-mm-dd) that
// a second application changed nothing, and, in the same write, that the application owes them
// the email that tells it (since at); ErrExplainedToday if they were told that day already.
func (s *Store) MarkExplained(ctx context.Context, a *Application, day string, at time.Time, tell Email) error {
	set, values, err := OweUpdate(at, tell)
	if err != nil {
		return err
	}
	values[":d"] = str(day)
	err = s.update(ctx, "mark explained", cycleKey(a.Cycle), appKey(a.Role, a.Email), "SET explained_on = :d, "+set,
		"attribute_exists(pk) AND (attribute_not_exists(explained_on) OR explained_on <> :d)", nil, values)
	if errors.Is(err, errConditionFailed) {
		return ErrExplainedToday
	}
	return err
}

// setBool sets a true-or-false attribute of an existing item, such as a flag that an email went
// out; ErrNotFound when there is no such item.
func (s *Store) setBool(ctx context.Context, pk, sk, attribute string, v bool) error {
	err := s.update(ctx, "set "+attribute, pk, sk, "SET #a = :v", "attribute_exists(pk)", map[string]string{"#a": attribute},
		map[string]types.AttributeValue{":v": &types.AttributeValueMemberBOOL{Value: v}})
	if errors.Is(err, errConditionFailed) {
		return ErrNotFound
	}
	return err
}

// errConditionFailed means an update's condition did not hold (see update).
var errConditionFailed = errors.New("store: the condition did not hold")

// update applies an update expression to the item pk, sk if the condition holds, and
// errConditionFailed if it does not; what names the operation in other errors.
func (s *Store) update(ctx context.Context, what, pk, sk, update, condition string, names map[string]string,
	values map[string]types.AttributeValue) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(pk, sk),
		UpdateExpression: &update, ConditionExpression: &condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return errConditionFailed
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

// Application reads one application.
func (s *Store) Application(ctx context.Context, cycle string, role forms.Role, email string) (*Application, error) {
	return applications.get(ctx, s, cycleKey(cycle), appKey(role, email))
}

// Applications lists a cycle's applications for one role, confidential answers included: for
// staff and the matcher only.
func (s *Store) Applications(ctx context.Context, cycle string, role forms.Role) ([]*Application, error) {
	return applications.list(ctx, s, cycle, appsKey(role))
}

// SetStatus records staff's decision on an existing application.
func (s *Store) SetStatus(ctx context.Context, cycle string, role forms.Role, email string, st Status) error {
	return s.setStatus(ctx, "application", cycleKey(cycle), appKey(role, email), string(st))
}

// MarkWithdrawn records that the application's person left the program, at the time given, in one
// write that also owes the emails given (staff's note of who was left behind). It is made only
// while the application is not withdrawn yet: once it is, it owes nothing more. Package
// lifecycle is its only caller.
func (s *Store) MarkWithdrawn(ctx context.Context, a *Application, at time.Time, owes ...Email) error {
	set, values := "SET #s = :s", map[string]types.AttributeValue{}
	if len(owes) > 0 {
		owe, owed, err := OweUpdate(at, owes...)
		if err != nil {
			return err
		}
		set, values = set+", "+owe, owed
	}
	values[":s"] = str(string(StatusWithdrawn))
	err := s.update(ctx, "withdraw application", cycleKey(a.Cycle), appKey(a.Role, a.Email), set,
		"attribute_exists(pk) AND #s <> :s", map[string]string{"#s": "status"}, values)
	if errors.Is(err, errConditionFailed) {
		_, err = applications.get(ctx, s, cycleKey(a.Cycle), appKey(a.Role, a.Email))
	}
	if err != nil {
		return err
	}
	a.Status = StatusWithdrawn
	return nil
}

// ErrChanged means an item changed since it was read; read it again.
var ErrChanged = errors.New("store: the item changed since it was read")

// CorrectAnswers replaces a stored application's answers, and their hash, with corrected ones,
// provided its hash is still a.Hash (ErrChanged otherwise); a then holds the corrected answers.
func (s *Store) CorrectAnswers(ctx context.Context, a *Application, form forms.Form) error {
	answers, err := attributevalue.MarshalMapWithOptions(form, jsonTags)
	if err != nil {
		return fmt.Errorf("store: encode answers: %w", err)
	}
	hash := forms.Hash(a.Role, form)
	err = s.update(ctx, "correct answers", cycleKey(a.Cycle), appKey(a.Role, a.Email), "SET answers = :a, #h = :h",
		"attribute_exists(pk) AND #h = :was", map[string]string{"#h": "hash"},
		map[string]types.AttributeValue{":a": &types.AttributeValueMemberM{Value: answers}, ":h": str(hash), ":was": str(a.Hash)})
	if errors.Is(err, errConditionFailed) {
		return ErrChanged
	}
	if err != nil {
		return err
	}
	a.Form, a.Hash = form, hash
	return nil
}

// setStatus sets the status attribute of an existing item.
func (s *Store) setStatus(ctx context.Context, what, pk, sk, status string) error {
	err := s.update(ctx, "set "+what+" status", pk, sk, "SET #s = :s", "attribute_exists(pk)", map[string]string{"#s": "status"},
		map[string]types.AttributeValue{":s": str(status)})
	if errors.Is(err, errConditionFailed) {
		return ErrNotFound
	}
	return err
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
	return map[string]types.AttributeValue{"pk": str(pk), "sk": str(sk)}
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
