package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Proposal is a stored matcher proposal.
type Proposal struct {
	ID        string            `dynamodbav:"-"`
	Cycle     string            `dynamodbav:"cycle"`
	Mode      string            `dynamodbav:"mode"`     // propose or rematch
	Exclude   []string          `dynamodbav:"exclude"`  // applications staff left out
	Inputs    map[string]string `dynamodbav:"inputs"`   // what the proposal was built from: item → version
	Ends      []string          `dynamodbav:"ends"`     // matches a rematch ends (their Keys)
	Requests  []string          `dynamodbav:"requests"` // the rematch requests it answers (their Keys)
	Kept      []string          `dynamodbav:"kept"`     // matches a rematch was asked of but keeps: no new partner for the one who asked
	Body      []byte            `dynamodbav:"-"`        // the proposal as JSON
	CreatedAt time.Time         `dynamodbav:"created_at"`
	Expires   time.Time         `dynamodbav:"-"`
}

var proposals = kind[Proposal]{
	name:    "proposal",
	exists:  ErrProposalExists,
	keys:    func(p *Proposal) (string, string) { return cycleKey(p.Cycle), proposalKey(p.ID) },
	expires: func(p *Proposal) *time.Time { return &p.Expires },
	encode:  encodeProposal,
	decode:  decodeProposal,
}

func encodeProposal(p *Proposal) (map[string]types.AttributeValue, error) {
	it, err := marshal(p)
	if err != nil {
		return nil, err
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	if _, err := zw.Write(p.Body); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	it["body"] = &types.AttributeValueMemberB{Value: zipped.Bytes()}
	return it, nil
}

func decodeProposal(it map[string]types.AttributeValue) (*Proposal, error) {
	p, err := unmarshal[Proposal](it)
	if err != nil {
		return nil, err
	}
	sk, _ := it["sk"].(*types.AttributeValueMemberS)
	if sk == nil {
		return nil, errors.New("no sort key")
	}
	if p.ID, err = proposalID(sk.Value); err != nil {
		return nil, err
	}
	if b, ok := it["body"].(*types.AttributeValueMemberB); ok {
		zr, err := gzip.NewReader(bytes.NewReader(b.Value))
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		if p.Body, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
	}
	return p, nil
}

// PutProposal stores p unless a proposal with its id exists (ids derive from the inputs, so an
// existing one is the same proposal).
func (s *Store) PutProposal(ctx context.Context, p *Proposal) error {
	_, err := proposals.add(ctx, s, p)
	if errors.Is(err, ErrProposalExists) {
		return nil
	}
	return err
}

// ProposalByID reads a stored proposal.
func (s *Store) ProposalByID(ctx context.Context, cycle, id string) (*Proposal, error) {
	return proposals.get(ctx, s, cycleKey(cycle), proposalKey(id))
}
