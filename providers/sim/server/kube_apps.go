package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/virgahq/virga/providers"
)

func (k *kubeReq) listDeployments(ns string) {
	deps, err := k.s.acct.ListDeployments(k.r.Context(), k.cluster, ns)
	items, next, ok := listPage(k, "deployments", deps, err, func(d providers.KubeDeployment) appsv1.Deployment {
		_, gen, _ := k.s.acct.Deployment(k.cluster, d.Namespace, d.Name)
		return deploymentObject(d, gen)
	})
	if ok {
		k.writeJSON(http.StatusOK, appsv1.DeploymentList{TypeMeta: metav1.TypeMeta{Kind: "DeploymentList", APIVersion: "apps/v1"},
			ListMeta: metav1.ListMeta{Continue: next}, Items: items})
	}
}

func (k *kubeReq) getDeployment(ns, name string) {
	if _, err := k.s.acct.ListDeployments(k.r.Context(), k.cluster, ns); err != nil {
		k.fail(err)
		return
	}
	d, gen, ok := k.s.acct.Deployment(k.cluster, ns, name)
	if !ok {
		k.status(http.StatusNotFound, metav1.StatusReasonNotFound, `deployments.apps "`+name+`" not found`)
		return
	}
	k.writeJSON(http.StatusOK, deploymentObject(d, gen))
}

// deploymentPatch is the part of a merge or strategic merge patch the
// server understands: the replicas, and the restartedAt annotation a
// rollout restart sets.
type deploymentPatch struct {
	Spec struct {
		Replicas *int `json:"replicas"`
		Template struct {
			Metadata struct {
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		} `json:"template"`
	} `json:"spec"`
}

func (k *kubeReq) patchDeployment(ns, name string) {
	switch k.r.Header.Get("Content-Type") {
	case "application/merge-patch+json", "application/strategic-merge-patch+json":
	default:
		k.status(http.StatusUnsupportedMediaType, metav1.StatusReasonUnsupportedMediaType,
			"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json")
		return
	}
	body, err := io.ReadAll(io.LimitReader(k.r.Body, 1<<20))
	var p deploymentPatch
	if err == nil {
		err = json.Unmarshal(body, &p)
	}
	if err != nil {
		k.status(http.StatusBadRequest, metav1.StatusReasonBadRequest, "invalid patch: "+err.Error())
		return
	}
	restart := p.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"] != ""
	switch {
	case p.Spec.Replicas != nil && !restart:
		_, err = k.s.acct.ScaleDeployment(k.r.Context(), k.cluster, ns, name, *p.Spec.Replicas)
	case restart && p.Spec.Replicas == nil:
		_, err = k.s.acct.RestartDeployment(k.r.Context(), k.cluster, ns, name)
	default:
		k.status(http.StatusUnprocessableEntity, metav1.StatusReasonInvalid,
			`Deployment.apps "`+name+`" is invalid: this server patches spec.replicas or the restartedAt annotation, one at a time`)
		return
	}
	if err != nil {
		k.fail(err)
		return
	}
	d, gen, _ := k.s.acct.Deployment(k.cluster, ns, name)
	k.writeJSON(http.StatusOK, deploymentObject(d, gen))
}

// podLog streams a container's log as text, one line per event, flushed
// batch by batch; with follow it lasts until the client goes away, the
// container stops or the server closes.
func (k *kubeReq) podLog(ns, name string) {
	q := k.r.URL.Query()
	req := providers.PodLogRequest{Cluster: k.cluster, Namespace: ns, Pod: name, Container: q.Get("container"), Follow: q.Get("follow") == "true"}
	if s, err := strconv.Atoi(q.Get("sinceSeconds")); err == nil && s > 0 {
		req.Since = time.Duration(s) * time.Second
	}
	if n, err := strconv.Atoi(q.Get("tailLines")); err == nil && n >= 0 {
		req.TailLines = n
	}
	stamps := q.Get("timestamps") == "true"
	ch, err := k.s.acct.StreamPodLogs(k.r.Context(), req)
	if err != nil {
		k.fail(err)
		return
	}
	k.w.Header().Set("Content-Type", "text/plain")
	k.w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(k.w)
	_ = rc.Flush()
	for b := range ch {
		var buf []byte
		for _, e := range b.Events {
			if stamps {
				buf = e.Timestamp.UTC().AppendFormat(buf, time.RFC3339Nano)
				buf = append(buf, ' ')
			}
			buf = append(buf, e.Message...)
			buf = append(buf, '\n')
		}
		if _, err := k.w.Write(buf); err != nil {
			return
		}
		_ = rc.Flush()
	}
}
