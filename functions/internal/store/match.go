package store

import (
	"context"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Match is a committed pair.
type Match struct {
	Cycle    string `dynamodbav:"cycle"`
	Mentor   string `dynamodbav:"mentor"`
	Mentee   string `dynamodbav:"mentee"`
	Proposal string `dynamodbav:"proposal"`
	// Whether each side's introduction is recorded: owed on the match (package outbox sends it)
	// or, for matches committed before the outbox, sent.
	MentorEmailed bool `dynamodbav:"mentor_emailed"`
	MenteeEmailed bool `dynamodbav:"mentee_emailed"`
	Ended         bool `dynamodbav:"ended"` // the pair parted
	// Why the pair parted, and, for a withdrawal, which side left.
	EndReason EndReason  `dynamodbav:"ended_reason,omitempty"`
	EndedBy   forms.Role `dynamodbav:"ended_by,omitempty"`
	// Whether each side has been told the match ended (when not given a new partner at once).
	MentorEndTold bool      `dynamodbav:"mentor_end_told"`
	MenteeEndTold bool      `dynamodbav:"mentee_end_told"`
	EndedAt       time.Time `dynamodbav:"ended_at"`
	CreatedAt     time.Time `dynamodbav:"created_at"`
	Expires       time.Time `dynamodbav:"-"`
	// Owes is the emails the match owes (its introductions, the notices that it ended) until
	// they are sent; AddMatch stores them with it, since CreatedAt.
	Owes []Email `dynamodbav:"-"`
}

// Key is the match's key (see MatchKey), unique to the pair within its cycle.
func (m *Match) Key() string { return MatchKey(m.Mentee, m.Mentor) }

var matches = kind[Match]{
	name:    "match",
	exists:  ErrMatchExists,
	keys:    func(m *Match) (string, string) { return cycleKey(m.Cycle), m.Key() },
	expires: func(m *Match) *time.Time { return &m.Expires },
	encode:  encodeMatch,
	decode:  decodeMatch,
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

// MarkEmailed records that one side of an existing match was introduced (for matches stored
// without their introductions; a commit owes them with the match, or with OweIntroduction).
func (s *Store) MarkEmailed(ctx context.Context, m *Match, role forms.Role) error {
	return s.setBool(ctx, cycleKey(m.Cycle), m.Key(), side(role, "emailed"), true)
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
	return s.EndMatchTelling(ctx, m, reason, by, at)
}
