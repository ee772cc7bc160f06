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

// TableDefinition is the shape of the table: the one source for the local table and the check
// of template.yaml.
type TableDefinition struct {
	PartitionKey string
	SortKey      string
	BillingMode  types.BillingMode
	TTLAttribute string
	Indexes      []string // global secondary indexes by name; none yet
}

// Definition is the program's table.
var Definition = TableDefinition{
	PartitionKey: "pk",
	SortKey:      "sk",
	BillingMode:  types.BillingModePayPerRequest,
	TTLAttribute: "ttl",
}

// CreateTableInput is the request that creates the table under name.
func (d TableDefinition) CreateTableInput(name string) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: d.BillingMode,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(d.PartitionKey), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String(d.SortKey), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(d.PartitionKey), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(d.SortKey), KeyType: types.KeyTypeRange},
		},
	}
}

// EnsureTable creates the table under name unless it exists, and waits until it is active. It is
// for local servers; in AWS the table comes from template.yaml (which also enables TTL).
func EnsureTable(ctx context.Context, db *dynamodb.Client, name string) error {
	_, err := db.CreateTable(ctx, Definition.CreateTableInput(name))
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("store: create table: %w", err)
	}
	w := dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 500*time.Millisecond
	})
	return w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second)
}
