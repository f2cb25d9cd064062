package invoke

// Template is a sample event of a common Lambda event source, for the
// payload editor. The documents follow the shapes AWS documents for each
// source, with fixed example values so they are the same on every run.
type Template struct {
	Name string // short id: "sqs", "apigateway-v2"
	Desc string
	Body string
}

// Templates returns the sample events, the empty object first.
func Templates() []Template {
	return []Template{
		{"empty", "an empty object", "{}"},
		{"apigateway-v1", "API Gateway REST API (proxy integration, payload 1.0)", apiGatewayV1},
		{"apigateway-v2", "API Gateway HTTP API (payload 2.0)", apiGatewayV2},
		{"sqs", "SQS message batch", sqsEvent},
		{"sns", "SNS notification", snsEvent},
		{"s3", "S3 object created", s3Event},
		{"eventbridge", "EventBridge event", eventBridgeEvent},
		{"scheduled", "EventBridge scheduled event", scheduledEvent},
		{"dynamodb-stream", "DynamoDB stream records", dynamoDBEvent},
	}
}

// TemplateByName finds a template by its name.
func TemplateByName(name string) (Template, bool) {
	for _, t := range Templates() {
		if t.Name == name {
			return t, true
		}
	}
	return Template{}, false
}

const apiGatewayV1 = `{
  "resource": "/orders/{id}",
  "path": "/orders/1234",
  "httpMethod": "GET",
  "headers": {
    "Accept": "application/json",
    "Host": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
    "User-Agent": "curl/8.5.0",
    "X-Forwarded-For": "203.0.113.10",
    "X-Forwarded-Proto": "https"
  },
  "multiValueHeaders": {
    "Accept": ["application/json"]
  },
  "queryStringParameters": {"expand": "items"},
  "multiValueQueryStringParameters": {"expand": ["items"]},
  "pathParameters": {"id": "1234"},
  "stageVariables": null,
  "requestContext": {
    "accountId": "123456789012",
    "apiId": "a1b2c3d4e5",
    "resourceId": "abc123",
    "resourcePath": "/orders/{id}",
    "httpMethod": "GET",
    "path": "/prod/orders/1234",
    "stage": "prod",
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "requestTimeEpoch": 1764081000000,
    "identity": {
      "sourceIp": "203.0.113.10",
      "userAgent": "curl/8.5.0"
    },
    "protocol": "HTTP/1.1"
  },
  "body": null,
  "isBase64Encoded": false
}`

const apiGatewayV2 = `{
  "version": "2.0",
  "routeKey": "POST /orders",
  "rawPath": "/orders",
  "rawQueryString": "dryRun=false",
  "cookies": ["session=redacted"],
  "headers": {
    "content-type": "application/json",
    "host": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
    "user-agent": "curl/8.5.0",
    "x-forwarded-for": "203.0.113.10"
  },
  "queryStringParameters": {"dryRun": "false"},
  "requestContext": {
    "accountId": "123456789012",
    "apiId": "a1b2c3d4e5",
    "domainName": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
    "domainPrefix": "a1b2c3d4e5",
    "http": {
      "method": "POST",
      "path": "/orders",
      "protocol": "HTTP/1.1",
      "sourceIp": "203.0.113.10",
      "userAgent": "curl/8.5.0"
    },
    "requestId": "JKJaXmPLvHcESHA=",
    "routeKey": "POST /orders",
    "stage": "$default",
    "time": "25/Nov/2026:14:30:00 +0000",
    "timeEpoch": 1764081000000
  },
  "body": "{\"sku\":\"SKU-1\",\"quantity\":2}",
  "isBase64Encoded": false
}`

const sqsEvent = `{
  "Records": [
    {
      "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
      "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
      "body": "{\"orderId\":\"ord_1234\",\"status\":\"PAID\"}",
      "attributes": {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": "1764081000000",
        "SenderId": "AIDAEXAMPLEEXAMPLE",
        "ApproximateFirstReceiveTimestamp": "1764081000250"
      },
      "messageAttributes": {},
      "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
      "eventSource": "aws:sqs",
      "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders",
      "awsRegion": "us-east-1"
    }
  ]
}`

const snsEvent = `{
  "Records": [
    {
      "EventVersion": "1.0",
      "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:alerts:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
      "EventSource": "aws:sns",
      "Sns": {
        "Type": "Notification",
        "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts",
        "Subject": "example subject",
        "Message": "{\"alarm\":\"HighErrorRate\",\"state\":\"ALARM\"}",
        "Timestamp": "2026-11-25T14:30:00.000Z",
        "SignatureVersion": "1",
        "MessageAttributes": {}
      }
    }
  ]
}`

const s3Event = `{
  "Records": [
    {
      "eventVersion": "2.1",
      "eventSource": "aws:s3",
      "awsRegion": "us-east-1",
      "eventTime": "2026-11-25T14:30:00.000Z",
      "eventName": "ObjectCreated:Put",
      "userIdentity": {"principalId": "AWS:AIDAEXAMPLEEXAMPLE"},
      "requestParameters": {"sourceIPAddress": "203.0.113.10"},
      "responseElements": {
        "x-amz-request-id": "C3D13FE58DE4C810",
        "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
      },
      "s3": {
        "s3SchemaVersion": "1.0",
        "configurationId": "uploads",
        "bucket": {
          "name": "acme-uploads",
          "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
          "arn": "arn:aws:s3:::acme-uploads"
        },
        "object": {
          "key": "images/photo-1234.jpg",
          "size": 1024,
          "eTag": "d41d8cd98f00b204e9800998ecf8427e",
          "sequencer": "0055AED6DCD90281E5"
        }
      }
    }
  ]
}`

const eventBridgeEvent = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "OrderPlaced",
  "source": "com.acme.orders",
  "account": "123456789012",
  "time": "2026-11-25T14:30:00Z",
  "region": "us-east-1",
  "resources": [],
  "detail": {
    "orderId": "ord_1234",
    "total": {"amount": 4200, "currency": "USD"}
  }
}`

const scheduledEvent = `{
  "version": "0",
  "id": "89d1a02d-5ec7-412e-82f5-13505f849b41",
  "detail-type": "Scheduled Event",
  "source": "aws.events",
  "account": "123456789012",
  "time": "2026-11-25T14:30:00Z",
  "region": "us-east-1",
  "resources": ["arn:aws:events:us-east-1:123456789012:rule/every-5-minutes"],
  "detail": {}
}`

const dynamoDBEvent = `{
  "Records": [
    {
      "eventID": "c4ca4238a0b923820dcc509a6f75849b",
      "eventName": "INSERT",
      "eventVersion": "1.1",
      "eventSource": "aws:dynamodb",
      "awsRegion": "us-east-1",
      "dynamodb": {
        "ApproximateCreationDateTime": 1764081000,
        "Keys": {"pk": {"S": "order#1234"}},
        "NewImage": {
          "pk": {"S": "order#1234"},
          "status": {"S": "PAID"},
          "total": {"N": "4200"}
        },
        "SequenceNumber": "4421584500000000017450439091",
        "SizeBytes": 59,
        "StreamViewType": "NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-25T00:00:00.000"
    }
  ]
}`
