package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// service is an AWS service the server speaks.
type service uint8

const (
	svcLambda service = iota
	svcECS
	svcLogs
	svcCloudWatch
	svcSTS
	svcEKS
)

// String is the service part of the sim's operation names
// ("Lambda.ListFunctions").
func (s service) String() string {
	switch s {
	case svcLambda:
		return "Lambda"
	case svcECS:
		return "ECS"
	case svcLogs:
		return "Logs"
	case svcCloudWatch:
		return "CloudWatch"
	case svcEKS:
		return "EKS"
	default:
		return "STS"
	}
}

// iamPrefix is the service's IAM action prefix.
func (s service) iamPrefix() string {
	switch s {
	case svcCloudWatch:
		return "cloudwatch"
	default:
		return strings.ToLower(s.String())
	}
}

// X-Amz-Target prefixes and the CloudWatch CBOR path prefix.
const (
	targetECS        = "AmazonEC2ContainerServiceV20141113"
	targetLogs       = "Logs_20140328"
	targetCloudWatch = "GraniteServiceVersion20100801"
	cborPathPrefix   = "/service/" + targetCloudWatch + "/operation/"
)

// maxBody bounds a request body: Invoke's 6 MB payload with room to spare.
const maxBody = 8 << 20

// call is one request being served.
type call struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	svc service
	// op is the AWS operation name, e.g. "ListFunctions".
	op string
	// cbor says a CloudWatch call speaks RPC v2 CBOR (else JSON 1.0).
	cbor bool
	// resource names what an AccessDenied message says was denied.
	resource string
	// rid is the request id of a sim receipt, when the call made one.
	rid string
}

func (c *call) ctx() context.Context { return c.r.Context() }

// begin consults the fault installed for this operation, for operations
// the sim has no method of its own for.
func (c *call) begin() error {
	return c.s.acct.Begin(c.ctx(), c.svc.String()+"."+c.op)
}

// requestID is the sim's receipt id when there is one, else a fresh one.
func (c *call) requestID() string {
	if c.rid != "" {
		return c.rid
	}
	return c.s.requestID()
}

// decode reads a JSON request body into v; an empty body leaves v as is.
func (c *call) decode(v any) error {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		e := c.invalid("Could not parse request body: %v", err)
		if c.svc != svcLambda {
			e.code = "SerializationException"
		}
		return e
	}
	return nil
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, w: w, r: r}
	path := r.URL.Path
	switch target := r.Header.Get("X-Amz-Target"); {
	case target != "":
		prefix, op, _ := strings.Cut(target, ".")
		c.op = op
		switch prefix {
		case targetECS:
			c.svc = svcECS
			s.serveRPC(c, c.writeJSON)
		case targetLogs:
			c.svc = svcLogs
			if op == "StartLiveTail" {
				s.liveTail(c)
				return
			}
			s.serveRPC(c, c.writeJSON)
		case targetCloudWatch:
			c.svc = svcCloudWatch
			s.serveRPC(c, c.writeCW)
		default:
			c.svc = svcECS
			c.writeError(&apiError{status: http.StatusBadRequest, code: "UnknownOperationException", message: "Unknown target " + target})
		}
	case strings.HasPrefix(path, cborPathPrefix):
		c.svc, c.cbor, c.op = svcCloudWatch, true, strings.TrimPrefix(path, cborPathPrefix)
		s.serveRPC(c, c.writeCW)
	case isEKSPath(path):
		c.svc = svcEKS
		s.serveEKS(c)
	case isLambdaPath(path):
		c.svc = svcLambda
		s.serveLambda(c)
	case r.Method == http.MethodPost && (path == "/" || path == ""):
		c.svc = svcSTS
		s.serveSTS(c)
	default:
		c.svc = svcLambda
		c.writeError(&apiError{status: http.StatusNotFound, code: "UnknownOperationException", message: "Unknown operation " + r.Method + " " + path})
	}
}

// rpcOp serves one JSON RPC operation and returns the response document.
type rpcOp func(c *call) (any, error)

// rpcIn makes an rpcOp of h, which takes the request document decoded
// into its own input type: CloudWatch's protocols for CloudWatch, JSON for
// the others.
func rpcIn[In any](h func(c *call, in In) (any, error)) rpcOp {
	return func(c *call) (any, error) {
		var in In
		decode := c.decode
		if c.svc == svcCloudWatch {
			decode = c.decodeCW
		}
		if err := decode(&in); err != nil {
			return nil, err
		}
		return h(c, in)
	}
}

// rpcOps are the RPC operations of ECS, Logs and CloudWatch by service
// and name. Logs' StartLiveTail is routed on its own: it answers with a
// stream.
func (s *Server) rpcOps() map[service]map[string]rpcOp {
	return map[service]map[string]rpcOp{
		svcECS: {
			"ListClusters": rpcIn(s.ecsListClusters), "DescribeClusters": rpcIn(s.ecsDescribeClusters),
			"ListServices": rpcIn(s.ecsListServices), "DescribeServices": rpcIn(s.ecsDescribeServices),
			"ListTasks": rpcIn(s.ecsListTasks), "DescribeTasks": rpcIn(s.ecsDescribeTasks),
			"DescribeTaskDefinition": rpcIn(s.ecsDescribeTaskDefinition), "ListTaskDefinitions": rpcIn(s.ecsListTaskDefinitions),
			"UpdateService": rpcIn(s.ecsUpdateService), "StopTask": rpcIn(s.ecsStopTask),
		},
		svcLogs: {
			"FilterLogEvents": groupOp(s.filterLogEvents), "DescribeLogGroups": rpcIn(s.describeLogGroups),
			"GetLogEvents": groupOp(s.getLogEvents), "DescribeLogStreams": groupOp(s.describeLogStreams),
		},
		svcCloudWatch: {"GetMetricData": rpcIn(s.getMetricData), "ListMetrics": rpcIn(s.listMetrics)},
	}
}

// serveRPC dispatches an RPC call of c.svc by operation name and writes
// the answer with write: awsJson1_1 for ECS and Logs, CloudWatch's own
// protocols (writeCW answers in the protocol the call came in).
func (s *Server) serveRPC(c *call, write func(status int, rid string, v any)) {
	op := s.ops[c.svc][c.op]
	if op == nil {
		c.writeError(&apiError{status: http.StatusBadRequest, code: "UnknownOperationException", message: "Unknown operation " + c.op})
		return
	}
	out, err := op(c)
	if err != nil {
		c.fail(err)
		return
	}
	write(http.StatusOK, c.requestID(), out)
}

// Page tokens of the list operations are opaque to clients: base64 of
// "<kind>:<index>", so a token of one list is refused by another.

func encodeIndex(kind string, i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.Itoa(i)))
}

func decodeIndex(kind, tok string) (int, bool) {
	if tok == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), kind+":")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil && i >= 0
}

// page slices items from the token's index, at most limit of them, and
// returns the token of the next page ("" on the last one).
func page[T any](c *call, kind, tok string, limit int, items []T) ([]T, string, error) {
	start, ok := decodeIndex(kind, tok)
	if !ok || start > len(items) {
		return nil, "", c.invalid("Invalid pagination token: %q", tok)
	}
	end := min(start+limit, len(items))
	next := ""
	if end < len(items) {
		next = encodeIndex(kind, end)
	}
	return items[start:end], next, nil
}

// pageOf answers a list operation: the page of items that tok and limit
// ask for, each converted by conv, under key, and the next page's token
// under the protocol's name for it, left out on the last page. kind tells
// the lists' tokens apart.
func pageOf[T, W any](c *call, kind, key, tok string, limit int, items []T, conv func(T) W) (map[string]any, error) {
	pg, next, err := page(c, kind, tok, limit, items)
	if err != nil {
		return nil, err
	}
	out := make([]W, 0, len(pg))
	for _, x := range pg {
		out = append(out, conv(x))
	}
	m := map[string]any{key: out}
	if next != "" {
		m[c.svc.nextKey()] = next
	}
	return m, nil
}

// nextKey names the next page's token in the service's list answers.
func (s service) nextKey() string {
	switch s {
	case svcLambda:
		return "NextMarker"
	case svcCloudWatch:
		return "NextToken"
	default:
		return "nextToken"
	}
}

// same is the conversion of a list whose items are answered as they are.
func same[T any](x T) T { return x }

func clampLimit(n, def, most int) int {
	if n <= 0 {
		return def
	}
	return min(n, most)
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}
