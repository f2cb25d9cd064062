package aws

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
	"time"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	appsv1client "k8s.io/client-go/kubernetes/typed/apps/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"

	"github.com/virgahq/virga/providers"
)

// svcKubernetes names Kubernetes API calls in errors ("Kubernetes.ListPods").
const svcKubernetes = "Kubernetes"

// Deadlines of the Kubernetes path. An API server that cannot be reached
// fails within kubeDialTimeout (DNS included), one that accepts but never
// completes TLS within kubeTLSTimeout, one that never answers within
// kubeHeaderTimeout: a clear per-cluster error in seconds, never a hang,
// whatever deadline the caller's context has.
const (
	kubeDialTimeout   = 5 * time.Second
	kubeTLSTimeout    = 5 * time.Second
	kubeHeaderTimeout = 10 * time.Second
	kubeCallTimeout   = 15 * time.Second
	// client-go's own rate limit, per cluster: generous, since virga pages
	// and polls only what is on screen.
	kubeQPS   = 20
	kubeBurst = 40
)

// kubeCluster is a ready Kubernetes client for one EKS cluster.
type kubeCluster struct {
	name   string
	server string
	// via says where the credentials come from: "EKS token" or the
	// kubeconfig context's name.
	via       string
	cs        kubeAPI
	closeIdle func()
	tokens    *tokenSource // nil when a kubeconfig context authenticates
}

// kube returns the cluster's Kubernetes client, building it on first use:
// from a kubeconfig context for the cluster when there is one, else with
// an EKS token and the CA that DescribeCluster returned.
func (p *Provider) kube(ctx context.Context, cluster string) (*kubeCluster, error) {
	cluster = clusterName(cluster)
	p.eks.mu.Lock()
	kc := p.eks.kube[cluster]
	p.eks.mu.Unlock()
	if kc != nil {
		return kc, nil
	}
	ep, err := p.endpointOf(ctx, cluster)
	if err != nil {
		return nil, err
	}
	if ep.endpoint == "" {
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: "EKS.DescribeCluster",
			Message: "cluster " + cluster + " has no API server endpoint yet (is it still CREATING?)"}
	}
	kc, err = p.kubeFromKubeconfig(cluster, ep)
	if err != nil {
		return nil, err
	}
	if kc == nil {
		kc, err = p.kubeWithToken(cluster, ep)
		if err != nil {
			return nil, err
		}
	}
	p.eks.mu.Lock()
	defer p.eks.mu.Unlock()
	if prev := p.eks.kube[cluster]; prev != nil {
		kc.closeIdle()
		return prev, nil
	}
	p.eks.kube[cluster] = kc
	return kc, nil
}

// kubeWithToken builds a client that authenticates with EKS tokens and
// trusts the cluster's own CA.
func (p *Provider) kubeWithToken(cluster string, ep eksEndpoint) (*kubeCluster, error) {
	tr := newKubeTransport(caPool(ep.caData))
	tokens := newTokenSource(cluster, p.cfg.Now, func(ctx context.Context, c string) (string, error) {
		return eksToken(ctx, p.eks.presign, c)
	})
	hc := &http.Client{Transport: p.kubeWalls(&tokenTransport{tokens: tokens, next: tr})}
	cs, err := newKubeAPI(p.kubeRESTConfig(ep.endpoint), hc)
	if err != nil {
		tr.CloseIdleConnections()
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: svcKubernetes + ".Connect",
			Message: "cluster " + cluster + ": " + err.Error(), Err: err}
	}
	return &kubeCluster{name: cluster, server: ep.endpoint, via: "EKS token", cs: cs, closeIdle: tr.CloseIdleConnections, tokens: tokens}, nil
}

// kubeAPI is the two API groups virga uses. The typed clients of just
// these, rather than client-go's whole clientset, keep every other group's
// client code out of the binary.
type kubeAPI struct {
	core corev1client.CoreV1Interface
	apps appsv1client.AppsV1Interface
}

func (k kubeAPI) CoreV1() corev1client.CoreV1Interface { return k.core }
func (k kubeAPI) AppsV1() appsv1client.AppsV1Interface { return k.apps }

func newKubeAPI(cfg *rest.Config, hc *http.Client) (kubeAPI, error) {
	core, err := corev1client.NewForConfigAndClient(cfg, hc)
	if err != nil {
		return kubeAPI{}, err
	}
	apps, err := appsv1client.NewForConfigAndClient(cfg, hc)
	if err != nil {
		return kubeAPI{}, err
	}
	return kubeAPI{core: core, apps: apps}, nil
}

// kubeRESTConfig is what every client of virga's shares: JSON (the sim
// speaks nothing else), no warnings on stderr, the rate limits, and the
// User-Agent the AWS calls carry too (the API server's audit log records
// it).
func (p *Provider) kubeRESTConfig(host string) *rest.Config {
	ua := "virga"
	if p.cfg.AppID != "" {
		ua = p.cfg.AppID
	}
	return &rest.Config{
		Host:           host,
		ContentConfig:  rest.ContentConfig{ContentType: "application/json", AcceptContentTypes: "application/json"},
		UserAgent:      ua,
		QPS:            kubeQPS,
		Burst:          kubeBurst,
		WarningHandler: rest.NoWarnings{},
	}
}

// caPool is the cluster's CA bundle as a pool. DescribeCluster returns it
// base64-encoded; emulators (moto) return random text, and then the pool
// is nil: the system roots verify the server instead, which fails for a
// real EKS endpoint but never skips verification.
func caPool(data string) *x509.CertPool {
	pem, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil
	}
	return pool
}

// newKubeTransport is one cluster's own transport, so Close can release
// its connections and no timeout of another cluster's applies.
func newKubeTransport(roots *x509.CertPool) *http.Transport {
	d := &net.Dialer{Timeout: kubeDialTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   kubeTLSTimeout,
		ResponseHeaderTimeout: kubeHeaderTimeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
}

// tokenTransport puts the cluster's EKS token on every request and drops
// a token the API server refused.
type tokenTransport struct {
	tokens *tokenSource
	next   http.RoundTripper
}

func (t *tokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	tok, err := t.tokens.Token(r.Context())
	if err != nil {
		return nil, err
	}
	c := r.Clone(r.Context())
	c.Header.Set("Authorization", "Bearer "+tok)
	resp, err := t.next.RoundTrip(c)
	if err == nil && resp.StatusCode == http.StatusUnauthorized {
		t.tokens.Forget()
	}
	return resp, err
}

// WrappedRoundTripper lets client-go's helpers reach the transport.
func (t *tokenTransport) WrappedRoundTripper() http.RoundTripper { return t.next }

// readOnlyTransport is the Kubernetes half of the read-only wall: in
// read-only mode, or for a request whose context is marked by
// providers.WithReadOnly (a virga serve viewer's call), it refuses every
// request that is not a GET or HEAD before anything is sent, as the SDK
// middleware does for AWS operations.
type readOnlyTransport struct {
	p    *Provider
	next http.RoundTripper
}

func (t *readOnlyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if (t.p.readOnly.Load() || providers.IsReadOnly(r.Context())) && r.Method != http.MethodGet && r.Method != http.MethodHead {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, &providers.Error{Kind: providers.ErrReadOnly,
			Message: "read-only mode: " + r.Method + " " + r.URL.Path + " refused"}
	}
	return t.next.RoundTrip(r)
}

// WrappedRoundTripper lets client-go's helpers reach the transport.
func (t *readOnlyTransport) WrappedRoundTripper() http.RoundTripper { return t.next }

// kubeWalls puts the Provider's own layers in front of a cluster's
// transport: the read-only wall, then the accounting of what was sent.
func (p *Provider) kubeWalls(rt http.RoundTripper) http.RoundTripper {
	return &readOnlyTransport{p: p, next: &countingTransport{acct: p.acct, next: rt}}
}

// countingTransport counts Kubernetes requests for the :stats view, as
// "Kubernetes" calls named by method and resource ("GET pods").
type countingTransport struct {
	acct *accounting
	next http.RoundTripper
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	t.acct.countRequest(svcKubernetes, r.Method+" "+kubeResource(r.URL.Path), err, status)
	return resp, err
}

// WrappedRoundTripper lets client-go's helpers reach the transport.
func (t *countingTransport) WrappedRoundTripper() http.RoundTripper { return t.next }

// kubeResource names the resource of an API path: "pods", "pods/log",
// "deployments" ... (the segment after the namespace or the group version).
func kubeResource(path string) string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(seg) >= 2 && seg[0] == "api":
		seg = seg[2:]
	case len(seg) >= 3 && seg[0] == "apis":
		seg = seg[3:]
	default:
		return path
	}
	if len(seg) >= 3 && seg[0] == "namespaces" {
		seg = seg[2:]
	}
	switch len(seg) {
	case 0:
		return "?"
	case 3:
		return seg[0] + "/" + seg[2]
	}
	return seg[0]
}

// closeKube releases every cluster client's idle connections.
func (p *Provider) closeKube() {
	if p.eks == nil {
		return
	}
	p.eks.mu.Lock()
	defer p.eks.mu.Unlock()
	for _, kc := range p.eks.kube {
		kc.closeIdle()
	}
}

// closeIdleFor closes the idle connections of a transport client-go built
// (and wrapped) from a kubeconfig.
func closeIdleFor(rt http.RoundTripper) func() {
	return func() { utilnet.CloseIdleConnectionsFor(rt) }
}
