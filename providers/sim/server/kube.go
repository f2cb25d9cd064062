package server

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/virgahq/virga/providers"
)

// Each simulated EKS cluster has its own Kubernetes API server: HTTPS on a
// port of 127.0.0.1 with a certificate of the server's in-memory CA,
// accepting only EKS bearer tokens. It serves the little of the API virga
// uses, in JSON: namespaces, pods (get, list, delete, log with follow),
// events, configmaps and deployments (get, list, patch of the replicas or
// of the restartedAt annotation). Lists page with limit and continue, and
// fieldSelector filters events by involvedObject.kind, involvedObject.name
// and type. Errors are metav1.Status documents, as client-go expects.

// kubeServer is one cluster's API server.
type kubeServer struct {
	cluster string
	url     string
	srv     *http.Server
	served  chan struct{}
}

// kubeServer returns the cluster's API server, starting it (and the CA)
// on first use.
func (s *Server) kubeServer(cluster string) (*kubeServer, error) {
	s.kubeMu.Lock()
	defer s.kubeMu.Unlock()
	if ks := s.kubes[cluster]; ks != nil {
		return ks, nil
	}
	if s.kubeCA == nil {
		ca, err := newKubeCA(time.Now())
		if err != nil {
			return nil, err
		}
		s.kubeCA = ca
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ks := &kubeServer{cluster: cluster, url: "https://" + ln.Addr().String(), served: make(chan struct{})}
	ks.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.enter() {
				http.Error(w, "server closed", http.StatusServiceUnavailable)
				return
			}
			defer s.handlers.Done()
			s.serveKube(cluster, w, r)
		}),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{s.kubeCA.leaf}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(ks.served)
		_ = ks.srv.ServeTLS(ln, "", "")
	}()
	if s.kubes == nil {
		s.kubes = map[string]*kubeServer{}
	}
	s.kubes[cluster] = ks
	return ks, nil
}

// enter counts a handler in unless the server is closing.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

// closeKube stops every cluster's API server.
func (s *Server) closeKube() {
	s.kubeMu.Lock()
	defer s.kubeMu.Unlock()
	for _, ks := range s.kubes {
		_ = ks.srv.Close()
		<-ks.served
	}
}

// kubeReq is one Kubernetes request being served.
type kubeReq struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	cluster string
}

func (s *Server) serveKube(cluster string, w http.ResponseWriter, r *http.Request) {
	k := &kubeReq{s: s, w: w, r: r, cluster: cluster}
	if err := checkEKSToken(r.Header.Get("Authorization"), time.Now()); err != nil {
		k.status(http.StatusUnauthorized, metav1.StatusReasonUnauthorized, "Unauthorized: "+err.Error())
		return
	}
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(seg) == 1 && seg[0] == "version":
		k.writeJSON(http.StatusOK, map[string]string{"major": "1", "minor": "33", "gitVersion": "v1.33.5-eks-virga", "platform": "linux/amd64"})
	case len(seg) >= 2 && seg[0] == "api" && seg[1] == "v1":
		k.core(seg[2:])
	case len(seg) >= 3 && seg[0] == "apis" && seg[1] == "apps" && seg[2] == "v1":
		k.apps(seg[3:])
	default:
		k.status(http.StatusNotFound, metav1.StatusReasonNotFound, "the server could not find the requested resource")
	}
}

// splitResource splits a path below a group version into namespace, resource,
// name and subresource: "namespaces/NS/pods/NAME/log".
func splitResource(seg []string) (ns, res, name, sub string, ok bool) {
	if len(seg) >= 3 && seg[0] == "namespaces" {
		ns, seg = seg[1], seg[2:]
	}
	switch len(seg) {
	case 1:
		return ns, seg[0], "", "", true
	case 2:
		return ns, seg[0], seg[1], "", true
	case 3:
		return ns, seg[0], seg[1], seg[2], true
	}
	return "", "", "", "", false
}

func (k *kubeReq) core(seg []string) {
	ns, res, name, sub, ok := splitResource(seg)
	get, del := k.r.Method == http.MethodGet, k.r.Method == http.MethodDelete
	switch {
	case !ok:
	case res == "namespaces" && name == "" && get:
		k.listNamespaces()
		return
	case res == "pods" && name == "" && get:
		k.listPods(ns)
		return
	case res == "pods" && sub == "" && get:
		k.getPod(ns, name)
		return
	case res == "pods" && sub == "" && del:
		k.deletePod(ns, name)
		return
	case res == "pods" && sub == "log" && get:
		k.podLog(ns, name)
		return
	case res == "events" && name == "" && get:
		k.listEvents(ns)
		return
	case res == "configmaps" && name != "" && sub == "" && get:
		k.getConfigMap(ns, name)
		return
	}
	k.status(http.StatusNotFound, metav1.StatusReasonNotFound, "the server could not find the requested resource")
}

func (k *kubeReq) apps(seg []string) {
	ns, res, name, sub, ok := splitResource(seg)
	switch {
	case !ok || res != "deployments" || sub != "":
	case name == "" && k.r.Method == http.MethodGet:
		k.listDeployments(ns)
		return
	case name != "" && k.r.Method == http.MethodGet:
		k.getDeployment(ns, name)
		return
	case name != "" && k.r.Method == http.MethodPatch:
		k.patchDeployment(ns, name)
		return
	}
	k.status(http.StatusNotFound, metav1.StatusReasonNotFound, "the server could not find the requested resource")
}

// writeJSON answers with a JSON document.
func (k *kubeReq) writeJSON(code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		k.status(http.StatusInternalServerError, metav1.StatusReasonInternalError, err.Error())
		return
	}
	k.w.Header().Set("Content-Type", "application/json")
	k.w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	k.w.WriteHeader(code)
	_, _ = k.w.Write(b)
}

// status answers with a metav1.Status failure.
func (k *kubeReq) status(code int, reason metav1.StatusReason, msg string) {
	st := metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure,
		Message: msg, Reason: reason, Code: int32(code)}
	if code == http.StatusTooManyRequests {
		st.Details = &metav1.StatusDetails{RetryAfterSeconds: 1}
		k.w.Header().Set("Retry-After", "1")
	}
	b, _ := json.Marshal(st)
	k.w.Header().Set("Content-Type", "application/json")
	k.w.WriteHeader(code)
	_, _ = k.w.Write(b)
}

// fail answers with the Status of a sim error; an injected network fault
// drops the connection.
func (k *kubeReq) fail(err error) {
	var pe *providers.Error
	if !errors.As(err, &pe) {
		if k.r.Context().Err() != nil {
			return
		}
		k.status(http.StatusInternalServerError, metav1.StatusReasonInternalError, err.Error())
		return
	}
	switch pe.Kind {
	case providers.ErrNotFound:
		k.status(http.StatusNotFound, metav1.StatusReasonNotFound, pe.Message)
	case providers.ErrInvalid:
		k.status(http.StatusBadRequest, metav1.StatusReasonBadRequest, pe.Message)
	case providers.ErrThrottled:
		k.status(http.StatusTooManyRequests, metav1.StatusReasonTooManyRequests, "Too many requests, please try again later.")
	case providers.ErrAccessDenied, providers.ErrReadOnly:
		k.status(http.StatusForbidden, metav1.StatusReasonForbidden, "virga-demo is forbidden: "+pe.Message)
	case providers.ErrCredentials:
		k.status(http.StatusUnauthorized, metav1.StatusReasonUnauthorized, "Unauthorized")
	case providers.ErrConflict:
		k.status(http.StatusConflict, metav1.StatusReasonConflict, pe.Message)
	case providers.ErrNetwork:
		if conn, _, err := http.NewResponseController(k.w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
		k.status(http.StatusServiceUnavailable, metav1.StatusReasonServiceUnavailable, pe.Message)
	default:
		k.status(http.StatusInternalServerError, metav1.StatusReasonInternalError, pe.Message)
	}
}

// pageOf slices a list by limit and continue, returning the next token.
func (k *kubeReq) pageOf(kind string, n int) (start, end int, next string, ok bool) {
	q := k.r.URL.Query()
	start, ok = decodeIndex(kind, q.Get("continue"))
	if !ok || start > n {
		k.status(http.StatusGone, metav1.StatusReasonExpired, "The provided continue parameter is too old or invalid")
		return 0, 0, "", false
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	end = n
	if limit > 0 && start+limit < n {
		end = start + limit
		next = encodeIndex(kind, end)
	}
	return start, end, next, true
}
