// Command minimalput is the smallest Go Lambda function that stores what an HTTP API event
// brings: one PutItem of the request's body, with the SDK's DynamoDB client built from the
// environment as the functions build theirs. It is the reference a cold start that stores an
// application is measured beside, besides the minimal function that stores nothing.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	db := dynamodb.New(dynamodb.Options{Region: os.Getenv("AWS_REGION"),
		BaseEndpoint: aws.String(os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")),
		Credentials: credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"),
			os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN"))})
	table := os.Getenv("TABLE_NAME")
	lambda.Start(func(ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		id := make([]byte, 10)
		rand.Read(id)
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: map[string]types.AttributeValue{
			"pk":   &types.AttributeValueMemberS{Value: "MINIMAL"},
			"sk":   &types.AttributeValueMemberS{Value: hex.EncodeToString(id)},
			"body": &types.AttributeValueMemberS{Value: e.Body},
		}, ConditionExpression: aws.String("attribute_not_exists(pk)")})
		if err != nil {
			return events.APIGatewayV2HTTPResponse{StatusCode: 503, Body: "not stored"}, nil
		}
		return events.APIGatewayV2HTTPResponse{StatusCode: 201, Body: `{"id":"` + hex.EncodeToString(id) + `"}`}, nil
	})
}
