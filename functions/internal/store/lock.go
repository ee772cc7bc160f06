package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrLocked means another run holds the lock. Lock returns it as a *LockedError, which says who
// holds the lock and until when.
var ErrLocked = errors.New("store: locked by another run")

// LockedError says who holds a lock that could not be taken, since when and until when.
type LockedError struct {
	Owner        string
	Since, Until time.Time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("store: locked by %s since %s until %s", e.Owner, e.Since.UTC().Format(time.RFC3339), e.Until.UTC().Format(time.RFC3339))
}

// Is makes a LockedError match ErrLocked.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// lockItem is a lock's attributes.
type lockItem struct {
	Owner   string `dynamodbav:"owner"`
	TakenAt int64  `dynamodbav:"taken_at"`
	Expires int64  `dynamodbav:"expires_at"`
}

// Lock takes the named lock for owner until the given time, unless another owner holds an
// unexpired one (a *LockedError). An expired lock is taken over.
func (s *Store) Lock(ctx context.Context, name, owner string, now, until time.Time) error {
	it, err := attributevalue.MarshalMap(lockItem{Owner: owner, TakenAt: now.Unix(), Expires: until.Unix()})
	if err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	it["pk"], it["sk"], it["ttl"] = str(lockKey(name)), str(lockSort), num(until.Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 &s.table,
		Item:                      it,
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR expires_at < :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(now.Unix())},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		// Who holds it, read back; should it be gone meanwhile, the caller may simply try again.
		var old lockItem
		out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(lockKey(name), lockSort), ConsistentRead: aws.Bool(true)})
		if err != nil || out.Item == nil || attributevalue.UnmarshalMap(out.Item, &old) != nil {
			return &LockedError{Owner: "another run"}
		}
		return &LockedError{Owner: old.Owner, Since: time.Unix(old.TakenAt, 0), Until: time.Unix(old.Expires, 0)}
	}
	if err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	return nil
}

// Unlock releases the named lock if owner still holds it.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	err := s.BreakLock(ctx, name, owner)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: unlock: %w", err)
	}
	return nil
}

// BreakLock deletes the named lock if owner holds it, expired or not; ErrNotFound if owner does
// not hold it. Staff use it to free a lock whose run was killed, naming the owner the refusal
// told them, so that they never break a newer run's lock by mistake.
func (s *Store) BreakLock(ctx context.Context, name, owner string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       key(lockKey(name), lockSort),
		ConditionExpression:       aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": str(owner)},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: break lock: %w", err)
	}
	return nil
}
