package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ownBodies gives the transport its own copy of each request body. The SDK
// closes a request's body as soon as the response headers arrive, and
// net/http can take that close for a failed write and drop the connection
// under a response still being read ("use of closed network connection",
// aws/aws-sdk-go-v2#1825). Background reads retry past it; user actions
// make one attempt and would fail for nothing. Request bodies are small
// (an Invoke payload is at most 6 MB), so the copy is cheap.
type ownBodies struct{ base *http.Transport }

func (o ownBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return o.base.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return nil, err
	}
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(body))
	c.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	c.ContentLength = int64(len(body))
	return o.base.RoundTrip(c)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections (and so
// Provider.Close) reach the transport.
func (o ownBodies) CloseIdleConnections() { o.base.CloseIdleConnections() }

// addECSNumberCompat repairs ECS responses of emulators that write the
// size of a task or container as a JSON number ("cpu": 256) where ECS —
// and the SDK's deserializer — use a string ("cpu": "256"). moto does this,
// and DescribeTasks then fails outright. It is installed only on clients
// with a custom endpoint, and touches only the fields ECS defines as
// strings.
func addECSNumberCompat(stack *middleware.Stack) error {
	return stack.Deserialize.Insert(middleware.DeserializeMiddlewareFunc("VirgaECSNumberCompat",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil {
				return out, md, err
			}
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if !ok || resp.StatusCode >= 300 || resp.Body == nil {
				return out, md, err
			}
			switch awsmiddleware.GetOperationName(ctx) {
			case "DescribeTasks", "RunTask", "StopTask", "StartTask", "DescribeTaskDefinition":
			default:
				return out, md, err
			}
			body, rerr := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if rerr != nil {
				return out, md, rerr
			}
			resp.Body = io.NopCloser(bytes.NewReader(stringifyECSSizes(body)))
			return out, md, err
		}), "OperationDeserializer", middleware.After)
}

// stringifyECSSizes turns numeric cpu/memory fields of tasks, their
// containers and task definitions into strings; anything it does not
// understand is returned unchanged.
func stringifyECSSizes(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if dec.Decode(&doc) != nil {
		return body
	}
	changed := false
	str := func(m map[string]any, keys ...string) {
		for _, k := range keys {
			if n, ok := m[k].(json.Number); ok {
				m[k] = n.String()
				changed = true
			}
		}
	}
	task := func(t any) {
		tm, ok := t.(map[string]any)
		if !ok {
			return
		}
		str(tm, "cpu", "memory")
		if cs, ok := tm["containers"].([]any); ok {
			for _, c := range cs {
				if cm, ok := c.(map[string]any); ok {
					str(cm, "cpu", "memory", "memoryReservation")
				}
			}
		}
	}
	if ts, ok := doc["tasks"].([]any); ok {
		for _, t := range ts {
			task(t)
		}
	}
	task(doc["task"])
	if td, ok := doc["taskDefinition"].(map[string]any); ok {
		str(td, "cpu", "memory")
	}
	if !changed {
		return body
	}
	fixed, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return fixed
}
