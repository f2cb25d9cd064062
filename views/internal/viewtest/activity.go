package viewtest

import (
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// Identity is the demo account the header names.
func Identity() providers.Identity {
	return providers.Identity{Account: "123456789012", Region: "us-east-1", Profile: "prod-admin"}
}

// Journal is a session's journal, newest first: a change made, one
// refused by read-only mode, one cancelled, one failed.
func Journal() []journal.Entry {
	base := journal.Entry{Actor: "ana@laptop", Source: "tui", Profile: "prod-admin", Account: "123456789012", Region: "us-east-1",
		Caller: "arn:aws:sts::123456789012:assumed-role/oncall/ana"}
	e := func(age time.Duration, action, resource, before, after, result string) journal.Entry {
		x := base
		x.Time, x.Action, x.Resource, x.Before, x.After, x.Result = Ago(age), action, resource, before, after, result
		return x
	}
	out := []journal.Entry{
		e(2*time.Minute, "ecs.scale", "service/prod-api/catalog-api", "4", "6", journal.ResultOK),
		e(9*time.Minute, "lambda.kill-switch", "function/image-resize", "none", "0", journal.ResultRefused),
		e(31*time.Minute, "lambda.alias-shift", "function/checkout-api:live", "v11 90% / v12 10%", "v12 100%", journal.ResultCancelled),
		e(3*time.Hour, "ecs.redeploy", "service/prod-api/recommendations", "", "force new deployment", journal.ResultFailed),
	}
	out[0].RequestID = "707d42cf-4c74-4b56-9e02-84aa9ea069cb"
	out[0].Params = map[string]string{"desired": "6", "cluster": "prod-api"}
	out[0].Command = "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 6 --region us-east-1 --profile prod-admin"
	out[0].Revert = "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 4 --region us-east-1 --profile prod-admin"
	out[1].Error = "read-only mode (profile prod-admin matches read_only_profiles \"*prod*\")"
	out[3].Error = "AccessDeniedException: User is not authorized to perform: ecs:UpdateService on resource: service/prod-api/recommendations"
	out[3].Key = "SHA256:Qm9nVXNlcktleUZpbmdlcnByaW50Rm9yVGVzdHM"
	return out
}

// Stats is what a session has spent: calls per operation with a few
// errors and throttles, and the metrics asked for.
func Stats() providers.Stats {
	return providers.Stats{Since: Ago(47 * time.Minute), MetricsRequested: 18_420, Calls: []providers.CallStat{
		{Service: "cloudwatch", Operation: "GetMetricData", Calls: 96, Attempts: 99, Throttles: 3},
		{Service: "ecs", Operation: "DescribeServices", Calls: 141, Attempts: 141},
		{Service: "ecs", Operation: "ListTasks", Calls: 140, Attempts: 142, Errors: 2},
		{Service: "lambda", Operation: "GetFunction", Calls: 37, Attempts: 37},
		{Service: "lambda", Operation: "ListFunctions", Calls: 48, Attempts: 48},
		{Service: "logs", Operation: "StartLiveTail", Calls: 2, Attempts: 2},
	}}
}

// InvokeResult is a synchronous invocation of checkout-api that ran on
// the canary after a cold start, with its response and log tail.
func InvokeResult() *providers.InvokeResult {
	return &providers.InvokeResult{StatusCode: 200, ExecutedVersion: "12", RequestID: "c0ffee00-1111-4222-8333-444455556666",
		Payload: []byte(`{"statusCode":201,"body":{"orderId":"ord_8812","items":[{"sku":"tea-earl-grey","qty":2},{"sku":"mug","qty":1}],"total":"34.50"}}`),
		LogTail: "START RequestId: c0ffee00-1111-4222-8333-444455556666 Version: 12\n" +
			"2026-11-25T14:29:58.120Z\tc0ffee00-1111-4222-8333-444455556666\tINFO\tcreated order ord_8812 for customer cus_0042 with a very long line that has to wrap in a narrow pane\n" +
			"END RequestId: c0ffee00-1111-4222-8333-444455556666\n" +
			"REPORT RequestId: c0ffee00-1111-4222-8333-444455556666\tDuration: 182.44 ms\tBilled Duration: 183 ms\tMemory Size: 1024 MB\tMax Memory Used: 941 MB\tInit Duration: 412.03 ms\t\n"}
}

// InvokeError is an invocation whose handler threw.
func InvokeError() *providers.InvokeResult {
	return &providers.InvokeResult{StatusCode: 200, FunctionError: "Unhandled", ExecutedVersion: "$LATEST", RequestID: "dead0000-aaaa-4bbb-8ccc-dddddddddddd",
		Payload: []byte(`{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'sku')","trace":["TypeError: Cannot read properties of undefined (reading 'sku')","    at priceOf (/var/task/index.js:41:18)","    at Runtime.handler (/var/task/index.js:12:9)"]}`),
		LogTail: "START RequestId: dead0000-aaaa-4bbb-8ccc-dddddddddddd Version: $LATEST\n" +
			"2026-11-25T14:29:59.001Z\tdead0000-aaaa-4bbb-8ccc-dddddddddddd\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\"}\n" +
			"REPORT RequestId: dead0000-aaaa-4bbb-8ccc-dddddddddddd\tDuration: 12.01 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\tMax Memory Used: 88 MB\t\n"}
}
