package aws

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/virgahq/virga/providers"
)

// kubeDo runs one Kubernetes call on cluster: under the in-flight limit of
// Kubernetes calls, with a deadline of at most kubeCallTimeout, and with
// its error turned into a *providers.Error that names the cluster.
func kubeDo[T any](ctx context.Context, p *Provider, cluster, op string, fn func(context.Context, *kubeCluster) (T, error)) (T, error) {
	var zero T
	ctx, cancel := context.WithTimeout(ctx, kubeCallTimeout)
	defer cancel()
	kc, err := p.kube(ctx, cluster)
	if err != nil {
		return zero, err
	}
	if err := p.eks.kubeSvc.acquire(ctx); err != nil {
		return zero, kubeError(svcKubernetes+"."+op, kc, err)
	}
	defer p.eks.kubeSvc.release()
	out, err := fn(ctx, kc)
	if err != nil {
		return zero, kubeError(svcKubernetes+"."+op, kc, err)
	}
	return out, nil
}

// kubeError turns a client-go error into a short message that names the
// cluster and says what to do.
func kubeError(op string, kc *kubeCluster, err error) error {
	var pe *providers.Error
	if errors.As(err, &pe) {
		// Already mapped (the read-only wall): classify fills in the Op.
		return classify(op, err, errEnv{})
	}
	e := &providers.Error{Op: op, Err: err}
	where := "cluster " + kc.name + ": "
	var status apierrors.APIStatus
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind, e.Message = providers.ErrOther, "canceled"
	case apierrors.IsUnauthorized(err):
		e.Kind = providers.ErrCredentials
		e.Message = where + "the API server does not accept your credentials (" + kc.via +
			"): give your IAM identity an EKS access entry (or an aws-auth mapping), or refresh your AWS credentials"
	case apierrors.IsForbidden(err):
		e.Kind, e.Action = providers.ErrAccessDenied, "kubernetes:"+kubeVerb(op)
		e.Message = where + "not permitted by RBAC: " + statusMessage(err)
	case apierrors.IsNotFound(err):
		e.Kind, e.Message = providers.ErrNotFound, where+"not found: "+statusMessage(err)
	case apierrors.IsConflict(err), apierrors.IsAlreadyExists(err):
		e.Kind, e.Message = providers.ErrConflict, where+statusMessage(err)
	case apierrors.IsTooManyRequests(err):
		e.Kind, e.Message = providers.ErrThrottled, where+"throttled by the API server"
		if s, ok := apierrors.SuggestsClientDelay(err); ok {
			e.RetryAfter = time.Duration(s) * time.Second
		}
	case apierrors.IsBadRequest(err), apierrors.IsInvalid(err), apierrors.IsMethodNotSupported(err):
		e.Kind, e.Message = providers.ErrInvalid, where+statusMessage(err)
	case errors.As(err, &unknownCA), errors.As(err, &hostname):
		e.Kind = providers.ErrNetwork
		e.Message = where + "the API server at " + kc.server + " presented a certificate the cluster's CA does not vouch for: " + rootCause(err)
	case errors.Is(err, context.DeadlineExceeded), isNetwork(err):
		e.Kind = providers.ErrNetwork
		e.Message = where + "Kubernetes API server " + kc.server + " unreachable: " + rootCause(err)
	case errors.As(err, &status):
		e.Kind, e.Message = providers.ErrOther, where+statusMessage(err)
	default:
		e.Kind, e.Message = providers.ErrOther, where+rootCause(err)
	}
	e.Message = truncate(e.Message, 300)
	return e
}

// statusMessage is the Kubernetes Status message of err, or its text.
func statusMessage(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		if m := status.Status().Message; m != "" {
			return m
		}
		if code := status.Status().Code; code != 0 {
			return http.StatusText(int(code))
		}
	}
	return rootCause(err)
}

// kubeVerb names the RBAC verb and resource of an operation, for the
// Action of an access-denied error: "Kubernetes.ListPods" -> "list pods".
func kubeVerb(op string) string {
	_, name, _ := strings.Cut(op, ".")
	for _, v := range []struct{ prefix, verb string }{
		{"List", "list"}, {"Get", "get"}, {"Stream", "get"}, {"Delete", "delete"},
		{"Scale", "patch"}, {"Restart", "patch"},
	} {
		if rest, ok := strings.CutPrefix(name, v.prefix); ok {
			return v.verb + " " + strings.ToLower(rest)
		}
	}
	return strings.ToLower(name)
}
