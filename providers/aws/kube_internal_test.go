package aws

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
)

func testPresigner() presigner {
	return sts.NewPresignClient(sts.New(sts.Options{Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}))
}

func TestEKSTokenShape(t *testing.T) {
	tok, err := eksToken(t.Context(), testPresigner(), "prod-eks")
	if err != nil {
		t.Fatal(err)
	}
	u := testkit.EKSTokenURL(t, tok)
	q := u.Query()
	if u.Host != "sts.us-east-1.amazonaws.com" || q.Get("Action") != "GetCallerIdentity" || q.Get("X-Amz-Expires") != "60" ||
		!strings.Contains(q.Get("X-Amz-SignedHeaders"), "x-k8s-aws-id") || q.Get("X-Amz-Signature") == "" {
		t.Errorf("presigned URL = %s", u)
	}
}

func TestTokenSourceRenewsBeforeExpiry(t *testing.T) {
	c := testkit.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	clock, advance := c.Now, c.Advance
	n := 0
	ts := newTokenSource("c", clock, func(context.Context, string) (string, error) {
		n++
		return "tok" + string(rune('0'+n)), nil
	})
	get := func() string {
		t.Helper()
		tok, err := ts.Token(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	if get() != "tok1" || get() != "tok1" {
		t.Fatal("a fresh token was not reused")
	}
	advance(eksTokenLife - eksTokenMargin - time.Second)
	if get() != "tok1" {
		t.Error("renewed too early")
	}
	advance(time.Second)
	if get() != "tok2" {
		t.Error("not renewed with less than the margin left before 15 minutes")
	}
	ts.Forget()
	if get() != "tok3" || ts.signings != 3 {
		t.Errorf("a refused token was reused (%d signings)", ts.signings)
	}
}

// fakeEKS describes one cluster at a given endpoint.
type fakeEKS struct {
	eksAPI
	endpoint string
}

func (f *fakeEKS) DescribeCluster(_ context.Context, in *eks.DescribeClusterInput, _ ...func(*eks.Options)) (*eks.DescribeClusterOutput, error) {
	return &eks.DescribeClusterOutput{Cluster: &ekstypes.Cluster{Name: in.Name, Endpoint: aws.String(f.endpoint),
		Arn:                  aws.String("arn:aws:eks:us-east-1:1:cluster/" + aws.ToString(in.Name)),
		CertificateAuthority: &ekstypes.Certificate{Data: aws.String("bm90IGEgY2VydGlmaWNhdGU=")}}}, nil
}

// silentListener accepts connections and never says a word, as an API
// server behind a black-holing firewall would after the TCP handshake.
func silentListener(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns testkit.Record[net.Conn]
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns.All() {
			c.Close()
		}
	})
	return "https://" + ln.Addr().String()
}

func TestUnreachableAPIServerIsAClearPerClusterError(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "https://" + closed.Addr().String()
	closed.Close()
	for name, endpoint := range map[string]string{"silent": silentListener(t), "refused": refused} {
		t.Run(name, func(t *testing.T) {
			p := newProvider(Config{NoKubeconfig: true})
			p.eks = newEKSState(&fakeEKS{endpoint: endpoint}, testPresigner())
			t.Cleanup(p.Close)
			// A generous bound: the client's own dial and TLS timeouts (5 s)
			// must end the call long before this deadline would.
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			_, err := p.ListPods(ctx, "edge-eks", "")
			if ctx.Err() != nil {
				t.Fatalf("the call ran into the test's deadline: %v", err)
			}
			msg := providers.Short(err)
			t.Logf("%s: %s", name, msg)
			if providers.KindOf(err) != providers.ErrNetwork || !strings.Contains(msg, "cluster edge-eks") ||
				!strings.Contains(msg, "unreachable") || !strings.Contains(msg, endpoint) {
				t.Errorf("got %v (%s)", err, providers.KindOf(err))
			}
		})
	}
}

func TestMatchContext(t *testing.T) {
	cfg := &clientcmdapi.Config{
		CurrentContext: "dev",
		Clusters: map[string]*clientcmdapi.Cluster{
			"dev": {Server: "https://dev.example:6443"},
			"arn:aws:eks:us-east-1:1:cluster/prod-eks":   {Server: "https://ABC.gr7.us-east-1.eks.amazonaws.com"},
			"arn:aws:eks:us-east-1:1:cluster/stale":      {Server: "https://OLD.gr7.us-east-1.eks.amazonaws.com"},
			"handmade":                                   {Server: "https://abc.gr7.us-east-1.eks.amazonaws.com/"},
			"arn:aws:eks:us-east-1:1:cluster/ghost-refs": nil,
		},
		Contexts: map[string]*clientcmdapi.Context{
			"dev":     {Cluster: "dev"},
			"a-prod":  {Cluster: "arn:aws:eks:us-east-1:1:cluster/prod-eks"},
			"b-prod":  {Cluster: "handmade"},
			"stale":   {Cluster: "arn:aws:eks:us-east-1:1:cluster/stale"},
			"dangles": {Cluster: "missing"},
		},
	}
	cases := []struct {
		ep   eksEndpoint
		want string
	}{
		{eksEndpoint{arn: "arn:aws:eks:us-east-1:1:cluster/prod-eks", endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com"}, "a-prod"},
		{eksEndpoint{arn: "arn:aws:eks:us-east-1:1:cluster/stale", endpoint: "https://NEW.gr7.us-east-1.eks.amazonaws.com"}, "stale"},
		{eksEndpoint{arn: "arn:aws:eks:us-east-1:1:cluster/other", endpoint: "https://other"}, ""},
		{eksEndpoint{endpoint: "https://dev.example:6443/"}, "dev"},
	}
	for _, c := range cases {
		if got := matchContext(cfg, c.ep); got != c.want {
			t.Errorf("matchContext(%+v) = %q, want %q", c.ep, got, c.want)
		}
	}
	cfg.CurrentContext = "b-prod"
	if got := matchContext(cfg, cases[0].ep); got != "b-prod" {
		t.Errorf("the current context should win when it matches, got %q", got)
	}
}

// TestKubeconfigContextIsHonoured points a kubeconfig context at a
// cluster's endpoint with a static token: the client must use it (that
// token arrives, not an EKS one), and the read-only wall must still stand
// in front of it.
func TestKubeconfigContextIsHonoured(t *testing.T) {
	var seen testkit.Record[string]
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(r.Method + " " + r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kind":"PodList","apiVersion":"v1","items":[]}`))
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "config")
	doc := `apiVersion: v1
kind: Config
clusters:
- name: arn:aws:eks:us-east-1:1:cluster/edge-eks
  cluster:
    server: ` + srv.URL + `
    insecure-skip-tls-verify: true
users:
- name: me
  user:
    token: static-kubeconfig-token
contexts:
- name: edge
  context:
    cluster: arn:aws:eks:us-east-1:1:cluster/edge-eks
    user: me
current-context: edge
`
	testkit.WriteFile(t, path, doc)
	p := newProvider(Config{Kubeconfig: path})
	p.eks = newEKSState(&fakeEKS{endpoint: srv.URL}, testPresigner())
	t.Cleanup(p.Close)
	if _, err := p.ListPods(t.Context(), "edge-eks", ""); err != nil {
		t.Fatal(err)
	}
	p.SetReadOnly(true)
	if _, err := p.DeletePod(t.Context(), "edge-eks", "default", "x"); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("read-only delete through a kubeconfig client: %v", err)
	}
	if got := seen.All(); len(got) != 1 || got[0] != "GET Bearer static-kubeconfig-token" {
		t.Errorf("requests = %q, want one GET with the kubeconfig's token", got)
	}

	p2 := newProvider(Config{Kubeconfig: path, NoKubeconfig: true})
	p2.eks = newEKSState(&fakeEKS{endpoint: srv.URL}, testPresigner())
	t.Cleanup(p2.Close)
	if kc, err := p2.kube(t.Context(), "edge-eks"); err != nil || kc.via != "EKS token" {
		t.Errorf("NoKubeconfig: client via %v, %v", kc, err)
	}
}

func TestEKSReadOnlyAllowlist(t *testing.T) {
	for _, op := range []string{"ListClusters", "DescribeCluster", "ListFargateProfiles", "DescribeFargateProfile"} {
		if !isReadOperation("EKS", op) {
			t.Errorf("EKS.%s refused in read-only mode", op)
		}
	}
	for _, op := range []string{"CreateFargateProfile", "DeleteFargateProfile", "DeleteCluster", "UpdateClusterConfig",
		"UpdateClusterVersion", "CreateAccessEntry", "AssociateAccessPolicy", "UpdateNodegroupConfig"} {
		if isReadOperation("EKS", op) {
			t.Errorf("EKS.%s allowed in read-only mode", op)
		}
	}
}

func TestKubeResource(t *testing.T) {
	checkEach(t, "kubeResource", kubeResource, map[string]string{
		"/api/v1/pods":                                   "pods",
		"/api/v1/namespaces/default/pods":                "pods",
		"/api/v1/namespaces/default/pods/web-1":          "pods",
		"/api/v1/namespaces/default/pods/web-1/log":      "pods/log",
		"/api/v1/namespaces":                             "namespaces",
		"/apis/apps/v1/namespaces/shop/deployments/cart": "deployments",
		"/version": "/version",
	})
}
