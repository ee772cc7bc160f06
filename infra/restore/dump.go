package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Dump writes every item of table to w, one {"Item": …} line each in DynamoDB's JSON (the
// format of DynamoDB's exports), and returns how many it wrote.
func Dump(ctx context.Context, db *dynamodb.Client, table string, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	n := 0
	pages := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return n, fmt.Errorf("dump %s: %w", table, err)
		}
		for _, item := range page.Items {
			line, err := json.Marshal(map[string]any{"Item": encodeMap(item)})
			if err != nil {
				return n, err
			}
			bw.Write(line)
			bw.WriteByte('\n')
			n++
		}
	}
	return n, bw.Flush()
}

// Load puts every item of a dump into table and returns how many it put.
func Load(ctx context.Context, db *dynamodb.Client, table string, r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20) // an item is at most 400 KB
	n := 0
	for sc.Scan() {
		var line struct{ Item map[string]json.RawMessage }
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return n, fmt.Errorf("dump line %d: %w", n+1, err)
		}
		item, err := decodeMap(line.Item)
		if err != nil {
			return n, fmt.Errorf("dump line %d: %w", n+1, err)
		}
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			return n, fmt.Errorf("load %s: %w", table, err)
		}
		n++
	}
	return n, sc.Err()
}

func encodeMap(m map[string]types.AttributeValue) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = encode(v)
	}
	return out
}

// encode is one attribute value in DynamoDB's JSON: {"S": "…"}, {"N": "12"}, {"B": base64}, ….
func encode(v types.AttributeValue) map[string]any {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": v.Value} // []byte marshals as base64
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": v.Value}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": v.Value}
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": v.Value}
	case *types.AttributeValueMemberBS:
		return map[string]any{"BS": v.Value}
	case *types.AttributeValueMemberL:
		l := make([]any, len(v.Value))
		for i, x := range v.Value {
			l[i] = encode(x)
		}
		return map[string]any{"L": l}
	case *types.AttributeValueMemberM:
		return map[string]any{"M": encodeMap(v.Value)}
	}
	panic(fmt.Sprintf("restore: attribute value of type %T", v))
}

func decodeMap(m map[string]json.RawMessage) (map[string]types.AttributeValue, error) {
	out := make(map[string]types.AttributeValue, len(m))
	for k, raw := range m {
		v, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

// decode reads one attribute value written by encode.
func decode(raw json.RawMessage) (types.AttributeValue, error) {
	var v struct {
		S, N       *string
		B          []byte
		BOOL, NULL *bool
		SS, NS     []string
		BS         [][]byte
		L          []json.RawMessage
		M          map[string]json.RawMessage
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	switch {
	case v.S != nil:
		return &types.AttributeValueMemberS{Value: *v.S}, nil
	case v.N != nil:
		return &types.AttributeValueMemberN{Value: *v.N}, nil
	case v.B != nil:
		return &types.AttributeValueMemberB{Value: v.B}, nil
	case v.BOOL != nil:
		return &types.AttributeValueMemberBOOL{Value: *v.BOOL}, nil
	case v.NULL != nil:
		return &types.AttributeValueMemberNULL{Value: *v.NULL}, nil
	case v.SS != nil:
		return &types.AttributeValueMemberSS{Value: v.SS}, nil
	case v.NS != nil:
		return &types.AttributeValueMemberNS{Value: v.NS}, nil
	case v.BS != nil:
		return &types.AttributeValueMemberBS{Value: v.BS}, nil
	case v.L != nil:
		l := make([]types.AttributeValue, len(v.L))
		for i, x := range v.L {
			var err error
			if l[i], err = decode(x); err != nil {
				return nil, err
			}
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case v.M != nil:
		m, err := decodeMap(v.M)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, fmt.Errorf("not an attribute value: %s", raw)
}
