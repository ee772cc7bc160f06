package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrExists means the item the store was asked to add exists already. Each kind of item has
// its own error (ErrApplicationExists, …); every one of them matches ErrExists with errors.Is.
var ErrExists = errors.New("store: the item exists")

// The errors that say an item of one kind exists; each matches ErrExists.
var (
	ErrApplicationExists    error = existsError("an application for this person, role and cycle exists")
	ErrProposalExists       error = existsError("a proposal with this id exists")
	ErrMatchExists          error = existsError("this pair is already matched in this cycle")
	ErrRematchRequestExists error = existsError("this side of the match already asked for a rematch")
	ErrEntryExists          error = existsError("this form was already sent for this pair or person")
	ErrSentExists           error = existsError("this message was already sent, or is being sent, to this person")
)

// existsError says what exists.
type existsError string

func (e existsError) Error() string { return "store: " + string(e) }

// Is makes every kind's error match ErrExists.
func (e existsError) Is(target error) bool { return target == ErrExists }

// kind is what the generic helpers need to know of one kind of item. A new kind declares one and
// adds, reads and lists its items with one call each.
type kind[T any] struct {
	name    string                                            // in error messages, e.g. "match"
	exists  error                                             // what add returns, with the stored item, when the item exists
	keys    func(*T) (pk, sk string)                          // where the item lives
	expires func(*T) *time.Time                               // its expiry, stored as ttl
	encode  func(*T) (map[string]types.AttributeValue, error) // its attributes but the keys and ttl
	decode  func(map[string]types.AttributeValue) (*T, error) // the item from its attributes but ttl
}

// marshal is the encoding of a struct whose fields carry dynamodbav tags.
func marshal[T any](v *T) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(v)
}

// unmarshal is the decoding of a struct whose fields carry dynamodbav tags.
func unmarshal[T any](av map[string]types.AttributeValue) (*T, error) {
	v := new(T)
	if err := attributevalue.UnmarshalMap(av, v); err != nil {
		return nil, err
	}
	return v, nil
}

// item is v's attributes, keys and ttl included.
func (k kind[T]) item(v *T) (map[string]types.AttributeValue, error) {
	it, err := k.encode(v)
	if err != nil {
		return nil, fmt.Errorf("store: encode %s: %w", k.name, err)
	}
	pk, sk := k.keys(v)
	it["pk"], it["sk"], it["ttl"] = str(pk), str(sk), num(k.expires(v).Unix())
	return it, nil
}

// value decodes an item of this kind, its expiry included.
func (k kind[T]) value(it map[string]types.AttributeValue) (*T, error) {
	v, err := k.decode(it)
	if err != nil {
		return nil, fmt.Errorf("store: decode %s %s: %w", k.name, describe(it), err)
	}
	if ttl, ok := it["ttl"].(*types.AttributeValueMemberN); ok {
		sec, err := strconv.ParseInt(ttl.Value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: decode %s %s: ttl: %w", k.name, describe(it), err)
		}
		*k.expires(v) = time.Unix(sec, 0)
	}
	return v, nil
}

// add stores v unless an item with its keys exists; then it stores nothing and returns the stored
// item with k.exists.
func (k kind[T]) add(ctx context.Context, s *Store, v *T) (*T, error) {
	it, err := k.item(v)
	if err != nil {
		return nil, err
	}
	pk, sk := k.keys(v)
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		old, err := k.get(ctx, s, pk, sk)
		if err != nil {
			return nil, err
		}
		return old, k.exists
	}
	if err != nil {
		return nil, fmt.Errorf("store: put %s: %w", k.name, err)
	}
	return v, nil
}

// get reads the item at pk, sk (ErrNotFound if there is none).
func (k kind[T]) get(ctx context.Context, s *Store, pk, sk string) (*T, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("store: get %s: %w", k.name, err)
	}
	if out.Item == nil {
		return nil, ErrNotFound
	}
	return k.value(out.Item)
}

// list reads every item of the cycle whose sort key begins with prefix.
func (k kind[T]) list(ctx context.Context, s *Store, cycle, prefix string) ([]*T, error) {
	var out []*T
	err := s.query(ctx, cycle, prefix, func(it map[string]types.AttributeValue) error {
		v, err := k.value(it)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// describe names an item by its keys, which hold no personal data.
func describe(it map[string]types.AttributeValue) string {
	pk, _ := it["pk"].(*types.AttributeValueMemberS)
	sk, _ := it["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil {
		return "without keys"
	}
	return pk.Value + "/" + sk.Value
}
