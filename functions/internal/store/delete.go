package store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// The deletions below erase one person on request (package erasure decides what goes); every
// other item leaves the table only when its ttl expires.

// DeleteApplication deletes an application.
func (s *Store) DeleteApplication(ctx context.Context, a *Application) error {
	return s.delete(ctx, "application", cycleKey(a.Cycle), appKey(a.Role, a.Email))
}

// PairEntries lists everything the pair of the match key has sent in a cycle.
func (s *Store) PairEntries(ctx context.Context, cycle, match string) ([]*Entry, error) {
	return entries.list(ctx, s, cycle, pairKey(match))
}

// DeleteEntry deletes a participant entry.
func (s *Store) DeleteEntry(ctx context.Context, e *Entry) error {
	return s.delete(ctx, "entry", cycleKey(e.Cycle), e.Key())
}

// DeleteRematchRequest deletes a rematch request.
func (s *Store) DeleteRematchRequest(ctx context.Context, r *RematchRequest) error {
	return s.delete(ctx, "rematch request", cycleKey(r.Cycle), r.Key())
}

// DeleteSent deletes a sent marker, delivered or not.
func (s *Store) DeleteSent(ctx context.Context, m *Sent) error {
	return s.delete(ctx, "sent marker", cycleKey(m.Cycle), m.Key())
}

// DeleteMailProblem deletes the mail problem recorded for an address in a cycle, if any.
func (s *Store) DeleteMailProblem(ctx context.Context, p *MailProblem) error {
	return s.delete(ctx, "mail problem", cycleKey(p.Cycle), mailProblemKey(p.Email))
}

// Proposals lists a cycle's stored proposals.
func (s *Store) Proposals(ctx context.Context, cycle string) ([]*Proposal, error) {
	return proposals.list(ctx, s, cycle, proposalPrefix)
}

// DeleteProposal deletes a proposal.
func (s *Store) DeleteProposal(ctx context.Context, p *Proposal) error {
	return s.delete(ctx, "proposal", cycleKey(p.Cycle), proposalKey(p.ID))
}

// delete removes the item at pk, sk; there being none is no error.
func (s *Store) delete(ctx context.Context, what, pk, sk string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(pk, sk)}); err != nil {
		return fmt.Errorf("store: delete %s: %w", what, err)
	}
	return nil
}
