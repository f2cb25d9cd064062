package aws

import (
	"context"
	"encoding/base64"
	"sync"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// An EKS cluster accepts as a bearer token a presigned STS
// GetCallerIdentity URL, signed with the x-k8s-aws-id header set to the
// cluster's name, base64url-encoded without padding behind the
// "k8s-aws-v1." prefix. The API server's authenticator calls STS with it
// to learn who the caller is, and accepts it for 15 minutes from signing.
const (
	eksTokenPrefix   = "k8s-aws-v1."
	eksClusterHeader = "x-k8s-aws-id"
	// eksTokenLife is how long EKS accepts a token; a token is replaced
	// eksTokenMargin before that, so a call never carries one that expires
	// on the way.
	eksTokenLife   = 15 * time.Minute
	eksTokenMargin = 2 * time.Minute
	// eksPresignExpiry is the X-Amz-Expires the AWS tools sign with; the
	// authenticator ignores it in favour of its own 15 minutes.
	eksPresignExpiry = "60"
)

// presigner is the part of *sts.PresignClient the Provider uses.
type presigner interface {
	PresignGetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

// eksToken signs a token for cluster.
func eksToken(ctx context.Context, ps presigner, cluster string) (string, error) {
	req, err := ps.PresignGetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}, func(po *sts.PresignOptions) {
		po.ClientOptions = append(po.ClientOptions, func(o *sts.Options) {
			o.APIOptions = append(o.APIOptions,
				smithyhttp.SetHeaderValue(eksClusterHeader, cluster),
				smithyhttp.SetHeaderValue("X-Amz-Expires", eksPresignExpiry))
		})
	})
	if err != nil {
		return "", err
	}
	return eksTokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(req.URL)), nil
}

// tokenSource hands out one cluster's token, signing a new one when the
// current one is within eksTokenMargin of its 15 minutes or was refused.
type tokenSource struct {
	cluster string
	sign    func(ctx context.Context, cluster string) (string, error)
	now     func() time.Time

	mu       sync.Mutex
	token    string
	renewAt  time.Time
	signings int
}

func newTokenSource(cluster string, now func() time.Time, sign func(context.Context, string) (string, error)) *tokenSource {
	return &tokenSource{cluster: cluster, sign: sign, now: now}
}

// Token returns a token that stays valid for at least eksTokenMargin.
func (t *tokenSource) Token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if t.token != "" && now.Before(t.renewAt) {
		return t.token, nil
	}
	tok, err := t.sign(ctx, t.cluster)
	if err != nil {
		return "", err
	}
	t.token, t.renewAt = tok, now.Add(eksTokenLife-eksTokenMargin)
	t.signings++
	return tok, nil
}

// Forget drops the current token after the API server refused it, so the
// next call signs a fresh one (credentials may have been renewed).
func (t *tokenSource) Forget() {
	t.mu.Lock()
	t.token = ""
	t.mu.Unlock()
}
