package sim

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// Invoke runs a function once. A synchronous call returns a plausible
// payload and, with Tail, the last 4 KB of its log; the invocation counts
// in the function's logs and metrics for the minute it ended in (now).
func (a *Account) Invoke(ctx context.Context, req providers.InvokeRequest) (providers.InvokeResult, error) {
	const op = "Lambda.Invoke"
	f, err := a.beginFunction(ctx, op, req.Function)
	if err != nil {
		return providers.InvokeResult{}, err
	}
	typ := req.Type
	if typ == "" {
		typ = providers.InvokeSync
	}
	if typ != providers.InvokeSync && typ != providers.InvokeAsync && typ != providers.InvokeDryRun {
		return providers.InvokeResult{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: invalid invocation type %q", typ)
	}
	rid := a.requestID()
	seq := a.reqSeq.Load()
	r := newRNG(hash(a.seed, tagInvoke), seq)
	now := a.now()
	m := minuteOf(now)

	a.mu.Lock()
	tl := f.tl
	a.mu.Unlock()
	c := tl.latest()
	ver, resource := "$LATEST", ""
	switch q := req.Qualifier; {
	case q == "" || q == "$LATEST":
		resource = q
	case isDigits(q):
		if _, ok := c.version(q); !ok {
			return providers.InvokeResult{}, a.fail(providers.ErrNotFound, op, "ResourceNotFoundException: Function not found: %s:%s", f.arn, q)
		}
		ver, resource = q, q
	default:
		al, ok := c.alias(q)
		if !ok {
			return providers.InvokeResult{}, a.fail(providers.ErrNotFound, op, "ResourceNotFoundException: Function not found: %s:%s", f.arn, q)
		}
		ver, resource = al.version, q
		if al.extra != "" && r.Bool(al.weight) {
			ver = al.extra
		}
	}
	if typ == providers.InvokeDryRun {
		return providers.InvokeResult{StatusCode: 204, RequestID: rid}, nil
	}
	if c.reserved == 0 {
		a.record(f, m, recorded{rid: rid, endMs: now.UnixMilli(), throttled: true, version: ver, resource: resource})
		if typ == providers.InvokeAsync {
			return providers.InvokeResult{StatusCode: 202, RequestID: rid}, nil
		}
		return providers.InvokeResult{}, &providers.Error{
			Kind: providers.ErrThrottled, Op: op, RequestID: rid, RetryAfter: time.Second,
			Message: "TooManyRequestsException: Rate Exceeded. (Reason: ReservedFunctionConcurrentInvocationLimitExceeded)",
		}
	}

	shape, code := f.versionShape(c, ver)
	rc := recorded{rid: rid, endMs: now.UnixMilli(), version: ver, resource: resource, memSize: shape.memoryMB, timeoutS: shape.timeoutMs / 1000}
	d := r.LogNormal(shape.medianMs, shape.sigma)
	switch {
	case d >= shape.timeoutMs:
		rc.kind, d = invTimeout, shape.timeoutMs
	case r.Bool(f.errorRate(code, m)):
		rc.kind = invError
		doc := errorFor(f, uint8(r.Intn(256)))
		rc.errType, rc.errMsg = doc.typ, doc.msg
		d *= 0.3 + 0.7*r.Float64()
	}
	rc.durMs = float32(math.Max(round2(d), 0.5))
	rc.memMB = uint16(math.Min(float64(shape.memoryMB), math.Max(38, float64(shape.memoryMB)*f.spec.memFrac*(0.92+0.16*r.Float64()))))

	// A cold start when this version had no environment in the last
	// minutes; otherwise the request lands on a warm one.
	h := newCountHistory(f, tl, m-idleMinutes-1, m)
	warm := false
	for mm := m - idleMinutes; mm <= m; mm++ {
		if n, _, _ := h.slot(ver, mm); n > 0 {
			warm = true
		}
	}
	if warm {
		start, _ := h.env(ver, 0, m)
		rc.stream = f.streamName(ver, 0, start)
	} else {
		rc.initMs = float32(f.initMs(&r))
		rc.stream = f.streamName(ver, 1<<15+int(seq%1000), m)
	}
	a.record(f, m, rc)

	if typ == providers.InvokeAsync {
		return providers.InvokeResult{StatusCode: 202, RequestID: rid}, nil
	}
	res := providers.InvokeResult{StatusCode: 200, ExecutedVersion: ver, RequestID: rid}
	switch rc.kind {
	case invError:
		doc := errorFor(f, 0)
		res.FunctionError = "Unhandled"
		trace := make([]string, 0, len(doc.stack)+1)
		trace = append(trace, jsonString(rc.errType+": "+rc.errMsg))
		for _, s := range doc.stack {
			trace = append(trace, jsonString("    "+s))
		}
		res.Payload = []byte(`{"errorType":` + jsonString(rc.errType) + `,"errorMessage":` + jsonString(rc.errMsg) + `,"trace":[` + strings.Join(trace, ",") + `]}`)
	case invTimeout:
		res.FunctionError = "Unhandled"
		res.Payload = []byte(`{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ` + rid + ` Error: Task timed out after ` + strconv.FormatFloat(rc.timeoutS, 'f', 2, 64) + ` seconds"}`)
	default:
		res.Payload = []byte(payloadFor(f, rid, len(req.Payload), &r))
	}
	if req.Tail {
		w := lineWriter{f: f, src: hash(f.key, tagInvoke, seq), lo: math.MinInt64, hi: math.MaxInt64}
		ie := invocation{
			rid: rid, stream: rc.stream, version: ver, endMs: rc.endMs, durMs: float64(rc.durMs),
			memSize: rc.memSize, memUsed: int(rc.memMB), kind: rc.kind, initMs: float64(rc.initMs),
			timeout: rc.timeoutS, errType: rc.errType, errMsg: rc.errMsg,
		}
		lr := newRNG(hash(f.key, tagInvoke, seq), 1)
		w.invocation(&ie, &lr)
		var b strings.Builder
		for _, e := range w.out {
			b.WriteString(e.msg)
			b.WriteByte('\n')
		}
		tail := b.String()
		if len(tail) > 4096 {
			tail = tail[len(tail)-4096:]
		}
		res.LogTail = tail
	}
	return res, nil
}

// record keeps an Invoke invocation for the minute it ended in. Old
// minutes are dropped: their metrics and logs are cached or long gone.
func (a *Account) record(f *function, m int64, rc recorded) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f.recorded == nil {
		f.recorded = map[int64][]recorded{}
	}
	if len(f.recorded[m]) < 1000 {
		f.recorded[m] = append(f.recorded[m], rc)
	}
	for mm := range f.recorded {
		if mm < m-2*1440 {
			delete(f.recorded, mm)
		}
	}
}

// payloadFor is a successful response that looks like the function's.
func payloadFor(f *function, rid string, in int, r *rng) string {
	id := strconv.FormatUint(r.Uint64()%1e12, 36)
	switch f.spec.domain {
	case "checkout":
		return `{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"orderId\":\"ord_` + id + `\",\"status\":\"CREATED\",\"total\":{\"amount\":` + strconv.Itoa(500+r.Intn(20000)) + `,\"currency\":\"USD\"}}"}`
	case "payments":
		return `{"statusCode":200,"body":"{\"received\":true}"}`
	case "orders", "stream", "search":
		return `{"batchItemFailures":[]}`
	case "auth":
		return `{"principalId":"usr_` + id + `","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*"}]},"context":{"scope":"read:orders write:cart"}}`
	case "image":
		return `{"renditions":[{"width":320,"key":"thumbs/` + id + `_320.webp"},{"width":1280,"key":"thumbs/` + id + `_1280.webp"}]}`
	case "report":
		return `{"reportId":"rpt_` + id + `","status":"COMPLETE","s3Uri":"s3://acme-reports-prod/` + id + `.pdf","rows":` + strconv.Itoa(r.Intn(50000)) + `}`
	}
	return `{"statusCode":200,"body":"{\"ok\":true,\"requestId\":\"` + rid + `\",\"receivedBytes\":` + strconv.Itoa(in) + `}"}`
}
