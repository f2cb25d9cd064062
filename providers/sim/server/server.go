// Package server puts a simulated AWS account (*sim.Account) behind an HTTP
// server on 127.0.0.1 that speaks the AWS wire protocols of the SDK
// versions virga uses, so that the real aws-sdk-go-v2 clients (and
// providers/aws) work against it unchanged:
//
//   - Lambda: restJson1 under /2015-03-31/, /2016-08-19/, /2017-03-31/,
//     /2017-10-31/ and /2019-09-30/;
//   - ECS and CloudWatch Logs: awsJson1_1, chosen by the X-Amz-Target
//     prefix; StartLiveTail answers with an AWS event stream;
//   - CloudWatch: Smithy RPC v2 CBOR under
//     /service/GraniteServiceVersion20100801/operation/<Op>, and JSON 1.0
//     (X-Amz-Target: GraniteServiceVersion20100801.<Op>);
//   - STS GetCallerIdentity: awsQuery form POST, XML answer;
//   - EKS: restJson1 under /clusters (ListClusters, DescribeCluster,
//     ListFargateProfiles, DescribeFargateProfile). DescribeCluster names
//     the cluster's own Kubernetes API server, HTTPS on another port of
//     127.0.0.1 with an in-memory CA (see kube.go).
//
// Operations served:
//
//   - Lambda: ListFunctions, GetFunction, GetFunctionConfiguration,
//     ListVersionsByFunction, ListAliases, GetAlias, UpdateAlias,
//     PublishVersion, GetAccountSettings, Put/Get/DeleteFunctionConcurrency,
//     Put/Get/DeleteProvisionedConcurrencyConfig,
//     ListProvisionedConcurrencyConfigs, List/Get/UpdateEventSourceMapping(s),
//     UpdateFunctionConfiguration, UpdateFunctionCode, Invoke, ListTags;
//   - ECS: ListClusters, DescribeClusters, ListServices, DescribeServices,
//     ListTasks, DescribeTasks, DescribeTaskDefinition, ListTaskDefinitions,
//     UpdateService, StopTask;
//   - CloudWatch: GetMetricData, ListMetrics;
//   - Logs: FilterLogEvents, DescribeLogGroups, DescribeLogStreams (ordered
//     by LastEventTime, descending), GetLogEvents, StartLiveTail;
//   - STS: GetCallerIdentity.
//
// Faults installed with (*sim.Account).SetFault apply per operation under
// the sim's names ("Lambda.ListFunctions", "ECS.DescribeServices" ...) and
// come back as the error shapes the SDK turns into typed errors. An
// operation the sim has no method for (GetFunctionConfiguration,
// ListAliases, DescribeServices, DescribeTasks, DescribeLogGroups,
// ListMetrics ...) consults its own name through (*sim.Account).Begin and
// then reads through the sim's methods, whose faults apply as well: a
// fault on Lambda.GetFunction also fails ListAliases, one on
// ECS.ListServices also fails DescribeServices. A mutation that succeeded
// is answered even when reading its result back fails.
//
// Two things about clients pointed at the server:
//
//   - StartLiveTail prefixes the host with "stream-"; a Logs client with a
//     custom endpoint needs an Initialize middleware that calls
//     smithyhttp.DisableEndpointHostPrefix(ctx, true).
//   - The SDK closes a request's body as soon as the response headers
//     arrive, and that body then reports io.EOF to net/http's write loop
//     if the loop is still checking the body's end; net/http takes it for
//     a write error and closes the connection under the response
//     ("use of closed network connection", aws/aws-sdk-go-v2#1825,
//     #2737). Over loopback a fast answer can win that race: about 1% of
//     POSTs under -race, none seen without. The SDK's default retryer
//     retries it; a client making one attempt can hand the transport its
//     own copy of the body (see bufferedBodies in the tests). A live tail
//     cannot be retried, so the server waits 20 ms before answering one.
package server

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	liveTailLimit     time.Duration
	liveTailHeartbeat time.Duration
	maxDatapoints     int
	account, region   string
}

// WithLiveTailLimit sets how long a StartLiveTail session lasts before it
// ends with SessionTimeoutException (default 3 hours, as in AWS).
func WithLiveTailLimit(d time.Duration) Option {
	return func(c *config) { c.liveTailLimit = d }
}

// WithLiveTailHeartbeat sets how long a live tail goes without events
// before it sends an empty sessionUpdate (default 1.2 s: the sim delivers
// events once a second, and a busy second takes a moment to compute, so a
// shorter wait would send an empty update just before a full one).
func WithLiveTailHeartbeat(d time.Duration) Option {
	return func(c *config) { c.liveTailHeartbeat = d }
}

// WithMaxDatapoints caps the datapoints one GetMetricData response carries
// when the request sets no MaxDatapoints (default 100,800, as in AWS).
// Results beyond it come back as PartialData with a NextToken.
func WithMaxDatapoints(n int) Option {
	return func(c *config) { c.maxDatapoints = n }
}

// WithIdentity sets the account id and region the server names in ARNs
// and messages. By default they are read once from the account.
func WithIdentity(account, region string) Option {
	return func(c *config) { c.account, c.region = account, region }
}

// Server is a running wire server. Its methods are safe for concurrent use.
type Server struct {
	acct *sim.Account
	cfg  config
	// ident is the simulated caller: its account, region and ARN.
	ident providers.Identity
	// ops are the RPC operations by service and name (rpcOps).
	ops map[service]map[string]rpcOp

	ln     net.Listener
	srv    *http.Server
	served chan struct{}

	// ctx is the parent of every request context; Close cancels it, which
	// ends live tails and any call waiting on a latency fault.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	closed   bool
	handlers sync.WaitGroup

	reqSeq atomic.Uint64
	cat    catalogCache

	// The simulated EKS clusters' Kubernetes API servers (kube.go),
	// started on first use.
	kubeMu sync.Mutex
	kubeCA *kubeCA
	kubes  map[string]*kubeServer
}

// Start serves acct on a random port of 127.0.0.1.
func Start(acct *sim.Account, opts ...Option) (*Server, error) {
	cfg := config{
		liveTailLimit:     3 * time.Hour,
		liveTailHeartbeat: 1200 * time.Millisecond,
		maxDatapoints:     100_800,
	}
	for _, o := range opts {
		o(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sim server: %w", err)
	}
	s := &Server{acct: acct, cfg: cfg, ln: ln, served: make(chan struct{})}
	s.ident = s.identity()
	s.ops = s.rpcOps()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// identity reads who the account says it is, once; WithIdentity wins.
func (s *Server) identity() providers.Identity {
	id := providers.Identity{Account: "123456789012", Region: "us-east-1"}
	if got, err := s.acct.Identity(context.Background()); err == nil {
		id = got
	}
	if s.cfg.account != "" {
		id.Account = s.cfg.account
	}
	if s.cfg.region != "" {
		id.Region = s.cfg.region
	}
	if id.ARN == "" || s.cfg.account != "" {
		id.ARN = "arn:aws:sts::" + id.Account + ":assumed-role/virga-demo/demo"
	}
	return id
}

// URL is the server's base URL, http://127.0.0.1:PORT, to use as the SDK
// clients' BaseEndpoint.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops the server: it ends every open stream (a live tail gets a
// SessionStreamingException), closes the connections and returns once
// every handler has returned.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	// Cancelling the requests' context first lets the handlers finish
	// their answers; a client that does not read them is cut off after
	// closeGrace when the connections close.
	s.cancel()
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	grace := time.NewTimer(closeGrace)
	select {
	case <-done:
		// A handler that returned may not have had its answer flushed to
		// the connection yet: Shutdown waits for that (connections go
		// idle), where Close would cut the answer off.
		ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
		_ = s.srv.Shutdown(ctx)
		cancel()
	case <-grace.C:
	}
	grace.Stop()
	_ = s.srv.Close()
	s.closeKube()
	<-s.served
	<-done
}

// closeGrace bounds how long Close waits for handlers to finish writing.
const closeGrace = 2 * time.Second

// ServeHTTP counts the handler in (so Close can wait for it) and routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	s.handlers.Add(1)
	s.mu.Unlock()
	defer s.handlers.Done()
	s.route(w, r)
}

// requestID numbers the responses that carry no request id of the sim's.
func (s *Server) requestID() string {
	n := s.reqSeq.Add(1)
	return fmt.Sprintf("5e7f1a2b-%04x-4000-8000-%012x", (n>>48)&0xffff, n&0xffffffffffff)
}

// arn builds an ARN of this account and region.
func (s *Server) arn(service, resource string) string {
	return "arn:aws:" + service + ":" + s.ident.Region + ":" + s.ident.Account + ":" + resource
}
