package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

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
	Role      forms.Role    `dynamodbav:"role"`  // who asks
	Reason    string        `dynamodbav:"reason"`
	Status    RematchStatus `dynamodbav:"status"`
	CreatedAt time.Time     `dynamodbav:"created_at"`
	Expires   time.Time     `dynamodbav:"-"`
}

// Key is the request's sort key.
func (r *RematchRequest) Key() string { return rematchKey(r.Match, r.Role) }

// Mentee is the application id of the mentee of the match the request is about.
func (r *RematchRequest) Mentee() string { mentee, _, _ := ParseMatchKey(r.Match); return mentee }

// Mentor is the application id of the mentor of the match the request is about.
func (r *RematchRequest) Mentor() string { _, mentor, _ := ParseMatchKey(r.Match); return mentor }

var rematchRequests = kind[RematchRequest]{
	name:    "rematch request",
	exists:  ErrRematchRequestExists,
	keys:    func(r *RematchRequest) (string, string) { return cycleKey(r.Cycle), r.Key() },
	expires: func(r *RematchRequest) *time.Time { return &r.Expires },
	encode:  marshal[RematchRequest],
	decode:  decodeRematchRequest,
}

// decodeRematchRequest refuses a request whose match key does not parse, so that Mentee and
// Mentor always answer.
func decodeRematchRequest(it map[string]types.AttributeValue) (*RematchRequest, error) {
	r, err := unmarshal[RematchRequest](it)
	if err != nil {
		return nil, err
	}
	if _, _, err := ParseMatchKey(r.Match); err != nil {
		return nil, err
	}
	return r, nil
}

// AddRematchRequest stores a request unless that side of the match already asked
// (ErrRematchRequestExists, with the stored request).
func (s *Store) AddRematchRequest(ctx context.Context, r *RematchRequest) (*RematchRequest, error) {
	return rematchRequests.add(ctx, s, r)
}

// RematchRequests lists a cycle's rematch requests.
func (s *Store) RematchRequests(ctx context.Context, cycle string) ([]*RematchRequest, error) {
	return rematchRequests.list(ctx, s, cycle, rematchPrefix)
}

// SetRematchStatus records staff's decision on a request, or that the matcher acted on it.
func (s *Store) SetRematchStatus(ctx context.Context, r *RematchRequest, st RematchStatus) error {
	if err := s.setStatus(ctx, "rematch request", cycleKey(r.Cycle), r.Key(), string(st)); err != nil {
		return err
	}
	r.Status = st
	return nil
}
