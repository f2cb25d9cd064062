package testkit

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// eksTokenPrefix starts every EKS bearer token: what follows is the
// presigned STS GetCallerIdentity URL in unpadded base64url.
const eksTokenPrefix = "k8s-aws-v1."

// EKSTokenURL is the presigned URL an EKS token carries; the test fails
// unless tok has the prefix and unpadded base64url.
func EKSTokenURL(t testing.TB, tok string) *url.URL {
	t.Helper()
	enc, ok := strings.CutPrefix(tok, eksTokenPrefix)
	if !ok || strings.ContainsAny(enc, "=+/") {
		t.Fatalf("token %q: want the prefix and unpadded base64url", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// EKSToken is the EKS token that carries the presigned URL u.
func EKSToken(u string) string {
	return eksTokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(u))
}
