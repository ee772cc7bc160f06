package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// MailProblem is an email to a person that did not arrive as it should: it bounced, the person
// marked it as spam (a complaint), or the mail service rejected it. One per person and cycle,
// the latest kept, for staff to see in review and reach the person another way.
type MailProblem struct {
	Cycle   string    `dynamodbav:"cycle"`
	Email   string    `dynamodbav:"email"`   // the recipient's address, as the mail service reports it
	Kind    string    `dynamodbav:"kind"`    // bounce, complaint or reject
	Detail  string    `dynamodbav:"detail"`  // e.g. "Permanent: General"
	Subject string    `dynamodbav:"subject"` // the email's subject, to tell which one it was
	At      time.Time `dynamodbav:"at"`
	Expires time.Time `dynamodbav:"-"`
}

var mailProblems = kind[MailProblem]{
	name:    "mail problem",
	keys:    func(p *MailProblem) (string, string) { return cycleKey(p.Cycle), mailProblemKey(p.Email) },
	expires: func(p *MailProblem) *time.Time { return &p.Expires },
	encode:  marshal[MailProblem],
	decode:  unmarshal[MailProblem],
}

// RecordMailProblem stores p, replacing any earlier problem of the same person in its cycle.
func (s *Store) RecordMailProblem(ctx context.Context, p *MailProblem) error {
	it, err := mailProblems.item(p)
	if err != nil {
		return err
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it}); err != nil {
		return fmt.Errorf("store: put mail problem: %w", err)
	}
	return nil
}

// MailProblems lists a cycle's mail problems, by the EmailKey of each person's address.
func (s *Store) MailProblems(ctx context.Context, cycle string) (map[string]*MailProblem, error) {
	list, err := mailProblems.list(ctx, s, cycle, mailProblemPrefix)
	if err != nil {
		return nil, err
	}
	out := map[string]*MailProblem{}
	for _, p := range list {
		out[EmailKey(p.Email)] = p
	}
	return out, nil
}
