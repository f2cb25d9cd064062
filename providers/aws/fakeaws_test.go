package aws_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/eventstream"

	awsprov "github.com/virgahq/virga/providers/aws"
)

// fakeAWS is a loopback server that answers the AWS wire protocols with
// scripted responses and records which operations reached it.
type fakeAWS struct {
	srv *httptest.Server

	mu    sync.Mutex
	ops   []string
	hosts []string
	// reply answers one request; op is "Service.Operation".
	reply func(w http.ResponseWriter, r *http.Request, op string)
}

func newFakeAWS(t *testing.T, reply func(w http.ResponseWriter, r *http.Request, op string)) *fakeAWS {
	t.Helper()
	f := &fakeAWS{reply: reply}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := operationOf(r)
		f.mu.Lock()
		f.ops = append(f.ops, op)
		f.hosts = append(f.hosts, r.Host)
		f.mu.Unlock()
		f.reply(w, r, op)
	}))
	t.Cleanup(func() {
		f.srv.CloseClientConnections()
		f.srv.Close()
	})
	return f
}

func (f *fakeAWS) URL() string { return f.srv.URL }

// requests returns the operations received so far.
func (f *fakeAWS) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ops...)
}

// hostsSeen returns the Host of every request so far.
func (f *fakeAWS) hostsSeen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.hosts...)
}

// count is how many requests named op arrived.
func (f *fakeAWS) count(op string) int {
	n := 0
	for _, o := range f.requests() {
		if o == op {
			n++
		}
	}
	return n
}

// operationOf names the operation of a request the way the Provider does.
func operationOf(r *http.Request) string {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		prefix, op, _ := strings.Cut(target, ".")
		switch prefix {
		case "AmazonEC2ContainerServiceV20141113":
			return "ECS." + op
		case "Logs_20140328":
			return "Logs." + op
		case "GraniteServiceVersion20100801":
			return "CloudWatch." + op
		}
		return target
	}
	if op, ok := strings.CutPrefix(r.URL.Path, "/service/GraniteServiceVersion20100801/operation/"); ok {
		return "CloudWatch." + op
	}
	lambdaRoutes := []struct {
		method string
		path   *regexp.Regexp
		op     string
	}{
		{"GET", regexp.MustCompile(`^/2015-03-31/functions/?$`), "ListFunctions"},
		{"GET", regexp.MustCompile(`^/2015-03-31/functions/[^/]+/?$`), "GetFunction"},
		{"GET", regexp.MustCompile(`^/2015-03-31/functions/[^/]+/versions/?$`), "ListVersionsByFunction"},
		{"GET", regexp.MustCompile(`^/2015-03-31/functions/[^/]+/aliases/?$`), "ListAliases"},
		{"GET", regexp.MustCompile(`^/2019-09-30/functions/[^/]+/provisioned-concurrency/?$`), "ListProvisionedConcurrencyConfigs"},
		{"GET", regexp.MustCompile(`^/2015-03-31/event-source-mappings/?$`), "ListEventSourceMappings"},
		{"GET", regexp.MustCompile(`^/2016-08-19/account-settings/?$`), "GetAccountSettings"},
		{"POST", regexp.MustCompile(`^/2015-03-31/functions/[^/]+/invocations/?$`), "Invoke"},
		{"PUT", regexp.MustCompile(`^/2017-10-31/functions/[^/]+/concurrency/?$`), "PutFunctionConcurrency"},
		{"DELETE", regexp.MustCompile(`^/2017-10-31/functions/[^/]+/concurrency/?$`), "DeleteFunctionConcurrency"},
	}
	for _, rt := range lambdaRoutes {
		if r.Method == rt.method && rt.path.MatchString(r.URL.Path) {
			return "Lambda." + rt.op
		}
	}
	if r.Method == "POST" && r.URL.Path == "/" {
		if err := r.ParseForm(); err == nil && r.PostForm.Get("Action") != "" {
			return "STS." + r.PostForm.Get("Action")
		}
	}
	return r.Method + " " + r.URL.Path
}

// hang holds a request open until the client goes away (or 10s pass, so
// that a broken test cannot hang the server's Close). The body is drained
// first: only then does the server notice a closed connection.
func hang(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// writeJSON answers with a JSON document, as the JSON protocols do.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-RequestId", "req-fake")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// lambdaError answers with a Lambda (restJson1) error.
func lambdaError(w http.ResponseWriter, status int, code, msg string, extra map[string]any) {
	w.Header().Set("X-Amzn-ErrorType", code)
	body := map[string]any{"message": msg, "Type": "User"}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, status, "application/json", body)
}

// jsonError answers with an awsJson (ECS, Logs) error.
func jsonError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, "application/x-amz-json-1.1", map[string]any{"__type": code, "message": msg})
}

// stsIdentity answers GetCallerIdentity (awsQuery, XML).
func stsIdentity(w http.ResponseWriter, account string) {
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write([]byte(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
		`<Arn>arn:aws:iam::` + account + `:user/tester</Arn><UserId>AIDATEST</UserId><Account>` + account + `</Account>` +
		`</GetCallerIdentityResult><ResponseMetadata><RequestId>req-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>`))
}

// eventStream writes AWS event-stream messages and flushes each one.
type eventStream struct {
	w   http.ResponseWriter
	enc *eventstream.Encoder
}

func startEventStream(w http.ResponseWriter) *eventStream {
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	w.Header().Set("X-Amzn-RequestId", "req-tail")
	w.WriteHeader(http.StatusOK)
	es := &eventStream{w: w, enc: eventstream.NewEncoder()}
	es.event("initial-response", map[string]any{})
	return es
}

func (es *eventStream) send(headers map[string]string, payload any) {
	b, _ := json.Marshal(payload)
	msg := eventstream.Message{Payload: b}
	for k, v := range headers {
		msg.Headers.Set(k, eventstream.StringValue(v))
	}
	msg.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	_ = es.enc.Encode(es.w, msg)
	es.w.(http.Flusher).Flush()
}

func (es *eventStream) event(kind string, payload any) {
	es.send(map[string]string{":message-type": "event", ":event-type": kind}, payload)
}

func (es *eventStream) exception(kind, message string) {
	es.send(map[string]string{":message-type": "exception", ":exception-type": kind}, map[string]any{"message": message})
}

// newTailFake is a fake AWS that answers StartLiveTail alone (anything
// else is a 404): it opens the event stream, sends sessionStart and
// leaves the rest of the session to session.
func newTailFake(t *testing.T, session func(es *eventStream, r *http.Request)) *fakeAWS {
	return newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		if op != "Logs.StartLiveTail" {
			http.NotFound(w, r)
			return
		}
		es := startEventStream(w)
		es.event("sessionStart", map[string]any{"sessionId": "s"})
		session(es, r)
	})
}

// newProvider opens a Provider on endpoint with test credentials; mutate
// adjusts the configuration. It is closed when the test ends.
func newProvider(t *testing.T, endpoint string, mutate func(*awsprov.Config)) *awsprov.Provider {
	t.Helper()
	cfg := awsprov.Config{
		Region: "us-east-1", EndpointURL: endpoint, AccessKeyID: "test", SecretAccessKey: "test",
		CallTimeout: 10 * time.Second, CloudWatchJSON: true,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, err := awsprov.New(ctx, cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// testCtx is a context that ends with the test (or after d).
func testCtx(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// hostOnly strips the scheme of a URL.
func hostOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host
}
