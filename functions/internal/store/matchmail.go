package store

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// The emails the matcher's steps owe, each recorded in the write of the item that owes it
// (package outbox): a match's introductions in the match's own PutItem, the notices that it
// ended in the write that ends it, an outcome in the application's write that records it. Each
// is recorded once: a flag set in the same write (mentor_emailed, mentee_end_told, outcome_sent,
// …) keeps a step run again from owing it a second time.

func encodeMatch(m *Match) (map[string]types.AttributeValue, error) {
	it, err := marshal(m)
	if err != nil {
		return nil, err
	}
	owed, err := OwedAttributes(m.CreatedAt, m.Owes...)
	if err != nil {
		return nil, err
	}
	maps.Copy(it, owed)
	return it, nil
}

func decodeMatch(av map[string]types.AttributeValue) (*Match, error) {
	m, err := unmarshal[Match](av)
	if err != nil {
		return nil, err
	}
	if m.Owes, err = decodeOwes(av); err != nil {
		return nil, err
	}
	return m, nil
}

// MatchOwing is what the match owes now, read from the table; nil when it owes nothing.
func (s *Store) MatchOwing(ctx context.Context, m *Match) (*Owed, error) {
	return s.Owing(ctx, cycleKey(m.Cycle), m.Key())
}

// OweIntroduction records that one side of an existing match is owed its introduction e, with
// the side's flag (m.MentorEmailed or m.MenteeEmailed) in the same write; false, and nothing
// written, when the side was introduced already.
func (s *Store) OweIntroduction(ctx context.Context, m *Match, role forms.Role, at time.Time, e Email) (bool, error) {
	owed, err := s.oweOnce(ctx, "owe introduction", cycleKey(m.Cycle), m.Key(), side(role, "emailed"), at, e)
	if owed {
		*m.introduced(role) = true
	}
	return owed, err
}

// OweEndNotice records that one side of an ended match is owed the notice e that it ended,
// with the side's flag (m.MentorEndTold or m.MenteeEndTold) in the same write; false, and
// nothing written, when the side was told already.
func (s *Store) OweEndNotice(ctx context.Context, m *Match, role forms.Role, at time.Time, e Email) (bool, error) {
	owed, err := s.oweOnce(ctx, "owe end notice", cycleKey(m.Cycle), m.Key(), side(role, "end_told"), at, e)
	if owed {
		*m.endTold(role) = true
	}
	return owed, err
}

// Introduced says whether the side role of the match is owed or sent its introduction.
func (m *Match) Introduced(role forms.Role) bool { return *m.introduced(role) }

// EndTold says whether the side role of the ended match is owed or sent the notice that it ended.
func (m *Match) EndTold(role forms.Role) bool { return *m.endTold(role) }

func (m *Match) introduced(role forms.Role) *bool {
	if role == forms.RoleMentor {
		return &m.MentorEmailed
	}
	return &m.MenteeEmailed
}

func (m *Match) endTold(role forms.Role) *bool {
	if role == forms.RoleMentor {
		return &m.MentorEndTold
	}
	return &m.MenteeEndTold
}

// oweOnce owes the emails on the existing item pk, sk and sets its flag, in one write, unless
// the flag is set already (then it returns false).
func (s *Store) oweOnce(ctx context.Context, what, pk, sk, flag string, at time.Time, emails ...Email) (bool, error) {
	set, values, err := OweUpdate(at, emails...)
	if err != nil {
		return false, err
	}
	values[":true"] = &types.AttributeValueMemberBOOL{Value: true}
	err = s.update(ctx, what, pk, sk, "SET #f = :true, "+set, "attribute_exists(pk) AND (attribute_not_exists(#f) OR #f <> :true)",
		map[string]string{"#f": flag}, values)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	return err == nil, err
}

// EndMatchTelling records that the pair parted, why, and (for a withdrawal) which side left,
// and in the same write that the match owes the notices: each one's recipient (To.Role) is a
// side of the match, whose end_told flag it sets. A match already ended keeps its first end and
// owes nothing new: m then holds what is stored (its flags included), so that the caller may
// owe a notice still missing with OweEndNotice.
func (s *Store) EndMatchTelling(ctx context.Context, m *Match, reason EndReason, by forms.Role, at time.Time, notices ...Email) error {
	values := map[string]types.AttributeValue{
		":true": &types.AttributeValueMemberBOOL{Value: true}, ":at": str(at.UTC().Format(time.RFC3339Nano)), ":why": str(string(reason)),
	}
	set := "SET ended = :true, ended_at = :at, ended_reason = :why"
	if by != "" {
		set += ", ended_by = :by"
		values[":by"] = str(string(by))
	}
	for _, n := range notices {
		if n.To.Role != forms.RoleMentor && n.To.Role != forms.RoleMentee || n.To.Staff != "" {
			return errors.New("store: a notice that a match ended goes to one of its sides")
		}
		set += ", " + side(n.To.Role, "end_told") + " = :true"
	}
	if len(notices) > 0 {
		owe, owed, err := OweUpdate(at, notices...)
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
		m.MentorEndTold, m.MenteeEndTold = stored.MentorEndTold, stored.MenteeEndTold
		return nil
	}
	if err != nil {
		return err
	}
	m.Ended, m.EndedAt, m.EndReason, m.EndedBy = true, at, reason, by
	for _, n := range notices {
		*m.endTold(n.To.Role) = true
	}
	return nil
}

// OweOutcomeEmail records on the application that its applicant is owed the outcome o and, in
// the same write, the email e that tells it (outcome_sent then says it is owed or sent); false,
// and nothing written, when an outcome email was recorded already or another outcome is
// recorded. a then holds the outcome stored.
func (s *Store) OweOutcomeEmail(ctx context.Context, a *Application, o Outcome, at time.Time, e Email) (bool, error) {
	set, values, err := OweUpdate(at, e)
	if err != nil {
		return false, err
	}
	values[":true"] = &types.AttributeValueMemberBOOL{Value: true}
	values[":o"] = str(string(o))
	err = s.update(ctx, "owe outcome", cycleKey(a.Cycle), appKey(a.Role, a.Email), "SET outcome = :o, outcome_sent = :true, "+set,
		"attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome = :o) AND "+
			"(attribute_not_exists(outcome_sent) OR outcome_sent <> :true)", nil, values)
	if errors.Is(err, errConditionFailed) {
		stored, err := s.Application(ctx, a.Cycle, a.Role, a.Email)
		if err != nil {
			return false, err
		}
		a.Outcome, a.OutcomeSent = stored.Outcome, stored.OutcomeSent
		return false, nil
	}
	if err != nil {
		return false, err
	}
	a.Outcome, a.OutcomeSent = o, true
	return true, nil
}
