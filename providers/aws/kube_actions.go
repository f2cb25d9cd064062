package aws

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/virgahq/virga/providers"
)

// The Kubernetes actions make one attempt each (client-go retries only
// GETs) and, in read-only mode, are refused by readOnlyTransport before
// anything is sent.

// DeletePod deletes a pod; a controller that owns it starts another.
//
// CLI: kubectl delete pod NAME -n NS
func (p *Provider) DeletePod(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	return kubeDo(ctx, p, cluster, "DeletePod", func(ctx context.Context, kc *kubeCluster) (providers.Receipt, error) {
		err := kc.cs.CoreV1().Pods(namespace).Delete(ctx, name, metav1.DeleteOptions{})
		return providers.Receipt{Result: "deleted pod " + namespace + "/" + name}, err
	})
}

// ScaleDeployment sets a deployment's replicas.
//
// CLI: kubectl scale deployment NAME -n NS --replicas N
func (p *Provider) ScaleDeployment(ctx context.Context, cluster, namespace, name string, replicas int) (providers.Receipt, error) {
	if replicas < 0 {
		return providers.Receipt{}, &providers.Error{Kind: providers.ErrInvalid, Op: svcKubernetes + ".ScaleDeployment", Message: "replicas must be 0 or more"}
	}
	patch := []byte(`{"spec":{"replicas":` + strconv.Itoa(replicas) + `}}`)
	return kubeDo(ctx, p, cluster, "ScaleDeployment", func(ctx context.Context, kc *kubeCluster) (providers.Receipt, error) {
		d, err := kc.cs.AppsV1().Deployments(namespace).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
		if err != nil {
			return providers.Receipt{}, err
		}
		return providers.Receipt{Result: "replicas " + strconv.Itoa(int(*d.Spec.Replicas)) + ", generation " + strconv.FormatInt(d.Generation, 10)}, nil
	})
}

// RestartDeployment stamps the pod template with the time, as kubectl
// rollout restart does, so the deployment replaces every pod.
//
// CLI: kubectl rollout restart deployment NAME -n NS
func (p *Provider) RestartDeployment(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	at := p.cfg.Now().UTC().Format(time.RFC3339)
	patch, err := json.Marshal(map[string]any{"spec": map[string]any{"template": map[string]any{
		"metadata": map[string]any{"annotations": map[string]string{restartedAtAnnotation: at}}}}})
	if err != nil {
		return providers.Receipt{}, err
	}
	return kubeDo(ctx, p, cluster, "RestartDeployment", func(ctx context.Context, kc *kubeCluster) (providers.Receipt, error) {
		d, err := kc.cs.AppsV1().Deployments(namespace).Patch(ctx, name, types.StrategicMergePatchType, patch, metav1.PatchOptions{})
		if err != nil {
			return providers.Receipt{}, err
		}
		return providers.Receipt{Result: "restartedAt " + at + ", generation " + strconv.FormatInt(d.Generation, 10)}, nil
	})
}
