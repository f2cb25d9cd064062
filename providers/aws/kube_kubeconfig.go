package aws

import (
	"net"
	"slices"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/virgahq/virga/providers"
)

// kubeFromKubeconfig returns a client built from the kubeconfig context
// that points at the cluster (the one `aws eks update-kubeconfig` writes,
// or any other whose server is the cluster's endpoint), so whatever the
// user set up there (a role in the exec plugin's arguments, a proxy, a
// client certificate) is honoured. It returns nil, nil when no context
// matches or no kubeconfig can be read: the EKS token path is used then.
func (p *Provider) kubeFromKubeconfig(cluster string, ep eksEndpoint) (*kubeCluster, error) {
	if p.cfg.NoKubeconfig {
		return nil, nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if p.cfg.Kubeconfig != "" {
		rules.ExplicitPath = p.cfg.Kubeconfig
	}
	raw, err := rules.Load()
	if err != nil || raw == nil {
		return nil, nil
	}
	name := matchContext(raw, ep)
	if name == "" {
		return nil, nil
	}
	fail := func(err error) (*kubeCluster, error) {
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: svcKubernetes + ".Connect",
			Message: "cluster " + cluster + ": kubeconfig context " + name + ": " + err.Error(), Err: err}
	}
	rc, err := clientcmd.NewNonInteractiveClientConfig(*raw, name, &clientcmd.ConfigOverrides{}, rules).ClientConfig()
	if err != nil {
		return fail(err)
	}
	base := p.kubeRESTConfig(rc.Host)
	rc.ContentType, rc.AcceptContentTypes, rc.UserAgent = base.ContentType, base.AcceptContentTypes, base.UserAgent
	rc.QPS, rc.Burst, rc.WarningHandler = base.QPS, base.Burst, base.WarningHandler
	rc.Dial = (&net.Dialer{Timeout: kubeDialTimeout}).DialContext
	if rc.ExecProvider != nil {
		// The terminal belongs to virga: an exec plugin must not prompt.
		rc.ExecProvider.StdinUnavailable = true
		rc.ExecProvider.InteractiveMode = clientcmdapi.NeverExecInteractiveMode
	}
	rc.WrapTransport = p.kubeWalls
	hc, err := rest.HTTPClientFor(rc)
	if err != nil {
		return fail(err)
	}
	cs, err := newKubeAPI(rc, hc)
	if err != nil {
		return fail(err)
	}
	return &kubeCluster{name: cluster, server: rc.Host, via: "kubeconfig context " + name, cs: cs, closeIdle: closeIdleFor(hc.Transport)}, nil
}

// matchContext names the kubeconfig context for the cluster: the current
// context if it matches, else the first by name whose cluster's server is
// the endpoint, else the first whose cluster entry is named by the
// cluster's ARN (as update-kubeconfig names it).
func matchContext(cfg *clientcmdapi.Config, ep eksEndpoint) string {
	names := make([]string, 0, len(cfg.Contexts))
	for n := range cfg.Contexts {
		names = append(names, n)
	}
	slices.Sort(names)
	if i := slices.Index(names, cfg.CurrentContext); i > 0 {
		names = append([]string{cfg.CurrentContext}, slices.Delete(names, i, i+1)...)
	}
	server := func(n string) (string, string) {
		c := cfg.Contexts[n]
		if c == nil || cfg.Clusters[c.Cluster] == nil {
			return "", ""
		}
		return c.Cluster, cfg.Clusters[c.Cluster].Server
	}
	for _, n := range names {
		if _, s := server(n); s != "" && sameServer(s, ep.endpoint) {
			return n
		}
	}
	for _, n := range names {
		if c, _ := server(n); ep.arn != "" && c == ep.arn {
			return n
		}
	}
	return ""
}

// sameServer compares two API server URLs, ignoring case and a trailing
// slash.
func sameServer(a, b string) bool {
	norm := func(s string) string { return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/") }
	return a != "" && norm(a) == norm(b)
}
