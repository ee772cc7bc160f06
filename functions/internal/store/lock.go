package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrLocked means another run holds the lock.
var ErrLocked = errors.New("store: locked by another run")

// Lock takes the named lock for owner until the given time, unless another owner holds an
// unexpired one (ErrLocked). An expired lock is taken over.
func (s *Store) Lock(ctx context.Context, name, owner string, now, until time.Time) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &s.table,
		Item: map[string]types.AttributeValue{
			"pk": str(lockKey(name)), "sk": str(lockSort), "owner": str(owner),
			"expires_at": num(until.Unix()), "ttl": num(until.Unix()),
		},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR expires_at < :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(now.Unix())},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrLocked
	}
	if err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	return nil
}

// Unlock releases the named lock if owner still holds it.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       key(lockKey(name), lockSort),
		ConditionExpression:       aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": str(owner)},
	})
	var failed *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &failed) {
		return fmt.Errorf("store: unlock: %w", err)
	}
	return nil
}
