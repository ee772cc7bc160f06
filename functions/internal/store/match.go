package store

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Match is a committed pair.
type Match struct {
	Cycle         string `dynamodbav:"cycle"`
	Mentor        string `dynamodbav:"mentor"`
	Mentee        string `dynamodbav:"mentee"`
	Proposal      string `dynamodbav:"proposal"`
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

// EndMatch records that the pair parted, why, and (for a withdrawal) which side left, in one
// write that also owes the emails given (the notice to the partner left behind). A match
// already ended keeps its first end and owes nothing more: m then holds it. Package lifecycle is
// its only caller.
func (s *Store) EndMatch(ctx context.Context, m *Match, reason EndReason, by forms.Role, at time.Time, owes ...Email) error {
	values := map[string]types.AttributeValue{
		":true": &types.AttributeValueMemberBOOL{Value: true}, ":at": str(at.UTC().Format(time.RFC3339Nano)), ":why": str(string(reason)),
	}
	set := "SET ended = :true, ended_at = :at, ended_reason = :why"
	if by != "" {
		set += ", ended_by = :by"
		values[":by"] = str(string(by))
	}
	if len(owes) > 0 {
		owe, owed, err := OweUpdate(at, owes...)
		if err != nil {
			return err
		}
		set += ", " + owe
		maps.Copy(values, owed)
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
