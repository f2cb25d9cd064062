package server_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/virgahq/virga/internal/testkit"
)

// kubeEnv describes prod-eks through the EKS API and returns its API
// server's URL and an HTTPS client that trusts the CA EKS handed out.
func kubeEnv(t *testing.T, e *env) (string, *http.Client) {
	t.Helper()
	out, err := eks.NewFromConfig(e.cfg).DescribeCluster(t.Context(), &eks.DescribeClusterInput{Name: aws.String("prod-eks")})
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, err := base64.StdEncoding.DecodeString(aws.ToString(out.Cluster.CertificateAuthority.Data))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the cluster CA is not a PEM certificate")
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	t.Cleanup(tr.CloseIdleConnections)
	return aws.ToString(out.Cluster.Endpoint), &http.Client{Transport: tr}
}

// presignedToken signs an EKS token with the SDK, as aws eks get-token does.
func presignedToken(t *testing.T, e *env) string {
	t.Helper()
	req, err := sts.NewPresignClient(e.sts()).PresignGetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}, func(po *sts.PresignOptions) {
		po.ClientOptions = append(po.ClientOptions, func(o *sts.Options) {
			o.APIOptions = append(o.APIOptions, smithyhttp.SetHeaderValue("x-k8s-aws-id", "prod-eks"),
				smithyhttp.SetHeaderValue("X-Amz-Expires", "60"))
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return testkit.EKSToken(req.URL)
}

// reToken re-encodes a token after changing one query parameter.
func reToken(t *testing.T, tok, key, val string) string {
	u := testkit.EKSTokenURL(t, tok)
	q := u.Query()
	q.Set(key, val)
	u.RawQuery = q.Encode()
	return testkit.EKSToken(u.String())
}

func TestKubeAPIChecksTheToken(t *testing.T) {
	e := newEnv(t)
	endpoint, hc := kubeEnv(t, e)
	good := presignedToken(t, e)
	old := reToken(t, good, "X-Amz-Date", time.Now().UTC().Add(-20*time.Minute).Format("20060102T150405Z"))
	unsigned := reToken(t, good, "X-Amz-SignedHeaders", "host")
	cases := []struct {
		name, auth string
		status     int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"not an EKS token", "Bearer abc", http.StatusUnauthorized},
		{"padded base64", "Bearer " + good + "=", http.StatusUnauthorized},
		{"older than 15 minutes", "Bearer " + old, http.StatusUnauthorized},
		{"x-k8s-aws-id not signed", "Bearer " + unsigned, http.StatusUnauthorized},
		{"valid", "Bearer " + good, http.StatusOK},
	}
	for _, c := range cases {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, endpoint+"/api/v1/namespaces/default/pods", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Kind   string `json:"kind"`
			Reason string `json:"reason"`
			Items  []any  `json:"items"`
		}
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if err != nil || resp.StatusCode != c.status {
			t.Errorf("%s: %s, %v", c.name, resp.Status, err)
			continue
		}
		if c.status == http.StatusOK && (doc.Kind != "PodList" || len(doc.Items) != 4) {
			t.Errorf("%s: %+v, want the 4 pods of default", c.name, doc)
		}
		if c.status != http.StatusOK && (doc.Kind != "Status" || doc.Reason != "Unauthorized") {
			t.Errorf("%s: %+v, want an Unauthorized Status", c.name, doc)
		}
	}
	if got := e.acct.Calls("Kubernetes.ListPods"); got != 1 {
		t.Errorf("ListPods reached the account %d times, want only the valid call", got)
	}
}

func TestKubeAPIRefusesWhatItDoesNotServe(t *testing.T) {
	e := newEnv(t)
	endpoint, hc := kubeEnv(t, e)
	tok := presignedToken(t, e)
	do := func(method, path, ctype, body string) (int, string) {
		req, _ := http.NewRequestWithContext(t.Context(), method, endpoint+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := do(http.MethodGet, "/api/v1/secrets", "", ""); code != http.StatusNotFound {
		t.Errorf("secrets: %d", code)
	}
	if code, _ := do(http.MethodPatch, "/apis/apps/v1/namespaces/default/deployments/hello-api", "application/json-patch+json", `[]`); code != http.StatusUnsupportedMediaType {
		t.Errorf("JSON patch: %d", code)
	}
	if code, body := do(http.MethodPatch, "/apis/apps/v1/namespaces/default/deployments/hello-api", "application/merge-patch+json", `{"spec":{"paused":true}}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Invalid") {
		t.Errorf("patch of another field: %d %s", code, body)
	}
	if code, _ := do(http.MethodGet, "/api/v1/events?fieldSelector=reason%3DBackOff", "", ""); code != http.StatusBadRequest {
		t.Errorf("an unknown field selector: %d", code)
	}
	if code, body := do(http.MethodGet, "/api/v1/pods?limit=5", "", ""); code != http.StatusOK || !strings.Contains(body, `"continue":"`) {
		t.Errorf("a first page of 5: %d %.200s", code, body)
	}
	if len(e.acct.Mutations()) != 0 {
		t.Errorf("refused requests changed the account: %v", e.acct.Mutations())
	}
}
