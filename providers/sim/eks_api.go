package sim

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// The fixed part of the aws-logging ConfigMap of clusters that route
// Fargate logs to CloudWatch.
const fargateOutputConf = `[OUTPUT]
    Name cloudwatch_logs
    Match   kube.*
    region %REGION%
    log_group_name /aws/eks/%CLUSTER%/fargate
    log_stream_prefix fargate-
    auto_create_group true
`

// eksCluster finds a cluster by name or ARN; a.mu must be held.
func (a *Account) eksClusterLocked(op, name string) (*eksCluster, error) {
	if strings.HasPrefix(name, "arn:") {
		name = name[strings.LastIndexByte(name, '/')+1:]
	}
	if cl := a.eksLocked().byName[name]; cl != nil {
		return cl, nil
	}
	return nil, &providers.Error{Kind: providers.ErrNotFound, Op: op, RequestID: a.requestID(),
		Message: "ResourceNotFoundException: No cluster found for name: " + name + "."}
}

// eksDo is the preamble of every operation on one cluster: it honours
// cancellation, counts the call, applies its fault and finds the cluster,
// then runs fn under the account's lock with the clock's reading.
func eksDo[T any](ctx context.Context, a *Account, op, cluster string, fn func(cl *eksCluster, now time.Time) (T, error)) (T, error) {
	var zero T
	if err := a.begin(ctx, op); err != nil {
		return zero, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cl, err := a.eksClusterLocked(op, cluster)
	if err != nil {
		return zero, err
	}
	return fn(cl, a.now())
}

// ListEKSClusters describes every EKS cluster, sorted by name.
func (a *Account) ListEKSClusters(ctx context.Context) ([]providers.EKSCluster, error) {
	if err := a.begin(ctx, "EKS.ListClusters"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []providers.EKSCluster
	for _, cl := range a.eksLocked().clusters {
		out = append(out, a.eksClusterOf(cl))
	}
	return out, nil
}

// DescribeEKSCluster describes one cluster.
func (a *Account) DescribeEKSCluster(ctx context.Context, name string) (providers.EKSCluster, error) {
	return eksDo(ctx, a, "EKS.DescribeCluster", name, func(cl *eksCluster, _ time.Time) (providers.EKSCluster, error) {
		return a.eksClusterOf(cl), nil
	})
}

func (a *Account) eksClusterOf(cl *eksCluster) providers.EKSCluster {
	return providers.EKSCluster{
		Name: cl.name, ARN: cl.arn, Status: "ACTIVE", Version: cl.spec.version, PlatformVersion: cl.spec.platform,
		Endpoint:       "https://" + strings.ToUpper(hex32(cl.key, mix(cl.key))) + ".gr7." + a.cfg.Region + ".eks.amazonaws.com",
		EndpointPublic: true, EndpointPrivate: true, PublicCIDRs: []string{"0.0.0.0/0"},
		RoleARN: "arn:aws:iam::" + a.cfg.Account + ":role/" + cl.name + "-cluster-role",
		VPC:     "vpc-0" + hex32(cl.key, 1)[:16], Subnets: slices.Clone(cl.subnets),
		CreatedAt: cl.created, AuthMode: "API_AND_CONFIG_MAP",
	}
}

// ListFargateProfiles describes a cluster's Fargate profiles, by name.
func (a *Account) ListFargateProfiles(ctx context.Context, cluster string) ([]providers.FargateProfile, error) {
	return eksDo(ctx, a, "EKS.ListFargateProfiles", cluster, func(cl *eksCluster, now time.Time) ([]providers.FargateProfile, error) {
		var out []providers.FargateProfile
		for _, p := range cl.profiles {
			if p.status(now) != "" {
				out = append(out, a.profileOf(cl, p, now))
			}
		}
		slices.SortFunc(out, func(x, y providers.FargateProfile) int { return strings.Compare(x.Name, y.Name) })
		return out, nil
	})
}

// DescribeFargateProfile describes one profile.
func (a *Account) DescribeFargateProfile(ctx context.Context, cluster, name string) (providers.FargateProfile, error) {
	const op = "EKS.DescribeFargateProfile"
	return eksDo(ctx, a, op, cluster, func(cl *eksCluster, now time.Time) (providers.FargateProfile, error) {
		for _, p := range cl.profiles {
			if p.spec.name == name && p.status(now) != "" {
				return a.profileOf(cl, p, now), nil
			}
		}
		return providers.FargateProfile{}, &providers.Error{Kind: providers.ErrNotFound, Op: op, RequestID: a.requestID(),
			Message: "ResourceNotFoundException: No Fargate Profile found with name: " + name + "."}
	})
}

func (a *Account) profileOf(cl *eksCluster, p *eksProfile, now time.Time) providers.FargateProfile {
	out := providers.FargateProfile{
		Cluster: cl.name, Name: p.spec.name, ARN: p.arn, Status: p.status(now),
		PodExecutionRoleARN: "arn:aws:iam::" + a.cfg.Account + ":role/" + cl.name + "-fargate-pod-execution",
		Subnets:             slices.Clone(cl.subnets), CreatedAt: p.created,
	}
	for _, s := range p.spec.selectors {
		out.Selectors = append(out.Selectors, providers.FargateSelector{Namespace: s.Namespace, Labels: maps.Clone(s.Labels)})
	}
	return out
}

// kubePodsLocked describes the live pods of a cluster (of one namespace
// when ns is not empty), sorted by namespace and name; a.mu must be held.
func (a *Account) kubePodsLocked(cl *eksCluster, ns string, now time.Time) []providers.Pod {
	var out []providers.Pod
	for _, p := range cl.pods {
		if ns == "" || p.dep.spec.ns == ns {
			out = append(out, a.describePod(cl, p, now))
		}
	}
	slices.SortFunc(out, func(x, y providers.Pod) int {
		return strings.Compare(x.Namespace+"/"+x.Name, y.Namespace+"/"+y.Name)
	})
	return out
}

// ListPods lists the cluster's pods (all run on Fargate or wait for it);
// pending pods carry their latest warnings.
func (a *Account) ListPods(ctx context.Context, cluster, namespace string) ([]providers.Pod, error) {
	return eksDo(ctx, a, "Kubernetes.ListPods", cluster, func(cl *eksCluster, now time.Time) ([]providers.Pod, error) {
		pods := a.kubePodsLocked(cl, namespace, now)
		for i := range pods {
			if pods[i].Phase == "Pending" {
				var warn []providers.KubeEvent
				for _, e := range podEvents(cl, cl.podByName(pods[i].Namespace, pods[i].Name), now) {
					if e.Type == "Warning" {
						warn = append(warn, e)
					}
				}
				pods[i].Events = warn
			}
		}
		return pods, nil
	})
}

// GetPod describes one pod with its events.
func (a *Account) GetPod(ctx context.Context, cluster, namespace, name string) (providers.Pod, error) {
	const op = "Kubernetes.GetPod"
	return podDo(ctx, a, op, cluster, namespace, name, func(cl *eksCluster, p *kubePod, now time.Time) (providers.Pod, error) {
		pod := a.describePod(cl, p, now)
		pod.Events = podEvents(cl, p, now)
		return pod, nil
	})
}

// podDo runs fn on one live pod of a cluster, as eksDo runs it on the
// cluster; a pod that is not there is not found.
func podDo[T any](ctx context.Context, a *Account, op, cluster, ns, name string, fn func(cl *eksCluster, p *kubePod, now time.Time) (T, error)) (T, error) {
	return eksDo(ctx, a, op, cluster, func(cl *eksCluster, now time.Time) (T, error) {
		p, err := podIn(op, cl, ns, name)
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(cl, p, now)
	})
}

// podIn finds a live pod of cl or says, as Kubernetes does, it is not found.
func podIn(op string, cl *eksCluster, ns, name string) (*kubePod, error) {
	if p := cl.podByName(ns, name); p != nil {
		return p, nil
	}
	return nil, &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: `pods "` + name + `" not found`}
}

// ListNamespaces lists the cluster's namespaces.
func (a *Account) ListNamespaces(ctx context.Context, cluster string) ([]providers.Namespace, error) {
	return eksDo(ctx, a, "Kubernetes.ListNamespaces", cluster, func(cl *eksCluster, _ time.Time) ([]providers.Namespace, error) {
		var out []providers.Namespace
		for _, n := range cl.spec.namespaces {
			out = append(out, providers.Namespace{Name: n, Status: "Active", CreatedAt: cl.created.Add(time.Duration(hashString(n)%5000) * time.Minute),
				Labels: map[string]string{"kubernetes.io/metadata.name": n}})
		}
		return out, nil
	})
}

// ListDeployments lists the cluster's deployments with their counts.
func (a *Account) ListDeployments(ctx context.Context, cluster, namespace string) ([]providers.KubeDeployment, error) {
	return eksDo(ctx, a, "Kubernetes.ListDeployments", cluster, func(cl *eksCluster, now time.Time) ([]providers.KubeDeployment, error) {
		var out []providers.KubeDeployment
		for _, d := range cl.deps {
			if namespace == "" || d.spec.ns == namespace {
				out = append(out, a.deploymentOf(cl, d, now))
			}
		}
		slices.SortFunc(out, func(x, y providers.KubeDeployment) int {
			return strings.Compare(x.Namespace+"/"+x.Name, y.Namespace+"/"+y.Name)
		})
		return out, nil
	})
}

func (a *Account) deploymentOf(cl *eksCluster, d *kubeDep, now time.Time) providers.KubeDeployment {
	kd := providers.KubeDeployment{Cluster: cl.name, Namespace: d.spec.ns, Name: d.spec.name, Replicas: d.replicas,
		Selector: maps.Clone(d.spec.labels), RestartedAt: d.restartedAt, CreatedAt: d.created, Progressing: "NewReplicaSetAvailable"}
	for _, c := range d.spec.containers {
		kd.Images = append(kd.Images, c.image)
	}
	for _, p := range cl.pods {
		if p.dep != d {
			continue
		}
		pod := a.describePod(cl, p, now)
		if p.hash == d.templateHash() {
			kd.Updated++
		}
		if pod.Ready == pod.Total && pod.Phase == "Running" {
			kd.Ready++
			kd.Available++
		}
	}
	if kd.Ready < kd.Replicas {
		kd.Progressing = "ReplicaSetUpdated"
		if now.Sub(d.created) > 10*time.Minute && now.Sub(d.changed) > 10*time.Minute && d.restartedAt == "" {
			kd.Progressing = "ProgressDeadlineExceeded"
		}
	}
	return kd
}

// ListKubeEvents lists events (of one object, "Kind/name", when object is
// not empty), oldest first.
func (a *Account) ListKubeEvents(ctx context.Context, cluster, namespace, object string) ([]providers.KubeEvent, error) {
	return eksDo(ctx, a, "Kubernetes.ListEvents", cluster, func(cl *eksCluster, now time.Time) ([]providers.KubeEvent, error) {
		var out []providers.KubeEvent
		for _, p := range cl.pods {
			if (namespace == "" || p.dep.spec.ns == namespace) && (object == "" || object == "Pod/"+p.name) {
				out = append(out, podEvents(cl, p, now)...)
			}
		}
		slices.SortStableFunc(out, func(x, y providers.KubeEvent) int { return x.Last.Compare(y.Last) })
		return out, nil
	})
}

// ConfigMap returns a ConfigMap's data; found is false when there is none.
func (a *Account) ConfigMap(ctx context.Context, cluster, namespace, name string) (map[string]string, bool, error) {
	data, err := eksDo(ctx, a, "Kubernetes.GetConfigMap", cluster, func(cl *eksCluster, _ time.Time) (map[string]string, error) {
		if !cl.spec.logging || namespace != providers.FargateLoggingNamespace || name != providers.FargateLoggingConfigMap {
			return nil, nil
		}
		conf := strings.NewReplacer("%REGION%", a.cfg.Region, "%CLUSTER%", cl.name).Replace(fargateOutputConf)
		return map[string]string{"output.conf": conf, "flb_log_cw": "true"}, nil
	})
	return data, data != nil, err
}

// FargateLogging reads the cluster's aws-logging ConfigMap.
func (a *Account) FargateLogging(ctx context.Context, cluster string) (providers.FargateLogging, error) {
	data, _, err := a.ConfigMap(ctx, cluster, providers.FargateLoggingNamespace, providers.FargateLoggingConfigMap)
	return providers.ParseFargateLogging(data), err
}

// DeletePod deletes a pod; its deployment starts a replacement at once.
func (a *Account) DeletePod(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	const op = "Kubernetes.DeletePod"
	return podDo(ctx, a, op, cluster, namespace, name, func(cl *eksCluster, p *kubePod, now time.Time) (providers.Receipt, error) {
		cl.removePod(p)
		cl.reconcile(p.dep, now)
		return providers.Receipt{RequestID: a.requestID(), Result: "deleted pod " + namespace + "/" + name}, nil
	})
}

// ScaleDeployment sets a deployment's replicas.
func (a *Account) ScaleDeployment(ctx context.Context, cluster, namespace, name string, replicas int) (providers.Receipt, error) {
	const op = "Kubernetes.ScaleDeployment"
	return a.changeDeployment(ctx, op, cluster, namespace, name, func(d *kubeDep) (string, error) {
		if replicas < 0 {
			return "", &providers.Error{Kind: providers.ErrInvalid, Op: op, Message: "spec.replicas: Invalid value: " + strconv.Itoa(replicas) + ": must be greater than or equal to 0"}
		}
		d.replicas = replicas
		return "replicas " + strconv.Itoa(replicas), nil
	})
}

// RestartDeployment replaces every pod of a deployment, as a rollout
// restart does (all at once, in the simulation).
func (a *Account) RestartDeployment(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	return a.changeDeployment(ctx, "Kubernetes.RestartDeployment", cluster, namespace, name, func(d *kubeDep) (string, error) {
		d.restarts++
		d.restartedAt = a.now().Format(time.RFC3339)
		for _, p := range slices.Clone(d.cl.pods) {
			if p.dep == d {
				d.cl.removePod(p)
			}
		}
		return "restartedAt " + d.restartedAt, nil
	})
}

func (a *Account) changeDeployment(ctx context.Context, op, cluster, namespace, name string, change func(*kubeDep) (string, error)) (providers.Receipt, error) {
	return eksDo(ctx, a, op, cluster, func(cl *eksCluster, now time.Time) (providers.Receipt, error) {
		d := cl.depByName(namespace, name)
		if d == nil {
			return providers.Receipt{}, &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: `deployments.apps "` + name + `" not found`}
		}
		res, err := change(d)
		if err != nil {
			return providers.Receipt{}, err
		}
		d.generation++
		d.changed = now
		cl.reconcile(d, now)
		return providers.Receipt{RequestID: a.requestID(), Result: res + ", generation " + strconv.FormatInt(d.generation, 10)}, nil
	})
}

// Deployment returns one deployment with its generation, for the wire
// server's answers to patches.
func (a *Account) Deployment(cluster, namespace, name string) (providers.KubeDeployment, int64, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cl, err := a.eksClusterLocked("", cluster)
	if err != nil {
		return providers.KubeDeployment{}, 0, false
	}
	d := cl.depByName(namespace, name)
	if d == nil {
		return providers.KubeDeployment{}, 0, false
	}
	return a.deploymentOf(cl, d, a.now()), d.generation, true
}
