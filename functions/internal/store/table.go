package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	Indexes      []Index
	Stream       types.StreamViewType // what the table's stream shows of a changed item (AWS only: local servers have no streams)
}

// Index is a global secondary index: its name, string keys and what it projects.
type Index struct {
	Name, PartitionKey, SortKey string
	Projection                  types.ProjectionType
}

// Definition is the program's table.
var Definition = TableDefinition{
	PartitionKey: "pk",
	SortKey:      "sk",
	BillingMode:  types.BillingModePayPerRequest,
	TTLAttribute: "ttl",
	Indexes:      []Index{{Name: OutboxIndex, PartitionKey: outboxAttr, SortKey: owedSinceAttr, Projection: types.ProjectionTypeKeysOnly}},
	Stream:       types.StreamViewTypeNewImage,
}

// CreateTableInput is the request that creates the table under name.
func (d TableDefinition) CreateTableInput(name string) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
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
	for _, ix := range d.Indexes {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String(ix.PartitionKey), AttributeType: types.ScalarAttributeTypeS},
			types.AttributeDefinition{AttributeName: aws.String(ix.SortKey), AttributeType: types.ScalarAttributeTypeS})
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(ix.Name),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String(ix.PartitionKey), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String(ix.SortKey), KeyType: types.KeyTypeRange},
			},
			Projection: &types.Projection{ProjectionType: ix.Projection},
		})
	}
	return in
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
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil || inUse == nil {
		return err
	}
	return checkIndexes(ctx, db, name)
}

// ErrOldTable means a local table lacks an index of Definition: it was made before the index
// existed, and local servers cannot add one to a table.
var ErrOldTable = errors.New("store: the table was made before its indexes existed; delete it (make clean) to have it made again")

// checkIndexes returns ErrOldTable if the existing table lacks an index of Definition.
func checkIndexes(ctx context.Context, db *dynamodb.Client, name string) error {
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("store: describe table: %w", err)
	}
	for _, want := range Definition.Indexes {
		if !slices.ContainsFunc(out.Table.GlobalSecondaryIndexes, func(ix types.GlobalSecondaryIndexDescription) bool {
			return aws.ToString(ix.IndexName) == want.Name
		}) {
			return fmt.Errorf("%w (table %s, index %s)", ErrOldTable, name, want.Name)
		}
	}
	return nil
}
