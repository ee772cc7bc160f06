package outbox

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Stream sends what the items in a batch of the table's stream owe, and reports each record
// whose emails could not all be sent (ReportBatchItemFailures), so that only those are retried.
// A record of an item that owes nothing is skipped.
func (s *Sender) Stream(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	res := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	book := s.Store.Addresses()
	for _, r := range ev.Records {
		if r.EventName == string(events.DynamoDBOperationTypeRemove) {
			continue
		}
		if err := s.record(ctx, book, r); err != nil {
			s.log().Error("outbox: stream record failed", "sequence", r.Change.SequenceNumber, "err", err)
			res.BatchItemFailures = append(res.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
		}
	}
	return res, nil
}

func (s *Sender) record(ctx context.Context, book *store.Addresses, r events.DynamoDBEventRecord) error {
	item, err := Item(r.Change.NewImage)
	if err != nil {
		return err
	}
	o, err := store.DecodeOwed(item)
	if err != nil || o == nil {
		return err
	}
	_, err = s.deliverItem(ctx, book, o)
	return err
}

// Item is a stream record's image as the SDK's attribute values.
func Item(image map[string]events.DynamoDBAttributeValue) (map[string]types.AttributeValue, error) {
	out := make(map[string]types.AttributeValue, len(image))
	for k, v := range image {
		av, err := valueOf(v)
		if err != nil {
			return nil, fmt.Errorf("outbox: stream image attribute %s: %w", k, err)
		}
		out[k] = av
	}
	return out, nil
}

func valueOf(v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	switch v.DataType() {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: v.Number()}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: v.Binary()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: v.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: v.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: v.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: v.BinarySet()}, nil
	case events.DataTypeList:
		list := make([]types.AttributeValue, 0, len(v.List()))
		for _, e := range v.List() {
			av, err := valueOf(e)
			if err != nil {
				return nil, err
			}
			list = append(list, av)
		}
		return &types.AttributeValueMemberL{Value: list}, nil
	case events.DataTypeMap:
		m, err := Item(v.Map())
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, fmt.Errorf("unknown data type %v", v.DataType())
}
