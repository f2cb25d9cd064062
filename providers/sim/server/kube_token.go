package server

import (
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// checkEKSToken checks that a bearer token has the shape of an EKS token:
// "k8s-aws-v1." and the base64url (unpadded) of a presigned STS
// GetCallerIdentity URL, SigV4 query-signed within the last 15 minutes
// with the x-k8s-aws-id header among the signed ones. The signature itself
// is not verified: the simulated account has no secret to check it with.
func checkEKSToken(header string, now time.Time) error {
	tok, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return errors.New("no bearer token")
	}
	enc, ok := strings.CutPrefix(tok, "k8s-aws-v1.")
	if !ok {
		return errors.New("token lacks the k8s-aws-v1. prefix")
	}
	if strings.ContainsAny(enc, "=+/") {
		return errors.New("token is not unpadded base64url")
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return errors.New("token is not base64url: " + err.Error())
	}
	u, err := url.Parse(string(raw))
	if err != nil {
		return errors.New("token is not a URL: " + err.Error())
	}
	q := u.Query()
	switch {
	case q.Get("Action") != "GetCallerIdentity" || q.Get("Version") != "2011-06-15":
		return errors.New("token is not a GetCallerIdentity request")
	case q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
		return errors.New("token is not SigV4 signed")
	case !strings.HasSuffix(q.Get("X-Amz-Credential"), "/sts/aws4_request"):
		return errors.New("token is not signed for STS")
	case len(q.Get("X-Amz-Signature")) != 64:
		return errors.New("token has no signature")
	}
	signed := strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	if !slices.Contains(signed, "host") || !slices.Contains(signed, "x-k8s-aws-id") {
		return errors.New("token does not sign the x-k8s-aws-id header")
	}
	at, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		return errors.New("token has no X-Amz-Date")
	}
	if exp, err := strconv.Atoi(q.Get("X-Amz-Expires")); err != nil || exp <= 0 || exp > 900 {
		return errors.New("token has no valid X-Amz-Expires")
	}
	if age := now.Sub(at); age > 15*time.Minute || age < -5*time.Minute {
		return errors.New("token expired")
	}
	return nil
}
