package providers

import "time"

// NamespaceEKSInsights is Container Insights for EKS (and ECS uses
// ECS/ContainerInsights). Its pod metrics exist only where the cluster
// runs the CloudWatch agent or ADOT collector; on Fargate that is an
// opt-in add-on, so "no datapoints at all" means Container Insights is off.
const NamespaceEKSInsights = "ContainerInsights"

// Container Insights pod metrics virga reads.
const (
	MetricPodCPU    = "pod_cpu_utilization"
	MetricPodMemory = "pod_memory_utilization"
)

// PodMetricQueries are the Container Insights queries of one pod: average
// and peak CPU and memory utilisation, keyed "cpu", "cpu-max", "mem",
// "mem-max". Container Insights names a pod by its workload in the
// PodName dimension (a deployment's pods share the deployment's name), so
// pass the deployment's name for a deployment's pod and the pod's own
// name otherwise.
func PodMetricQueries(cluster, namespace, pod string, period time.Duration) []MetricQuery {
	dims := []Dimension{{Name: "ClusterName", Value: cluster}, {Name: "Namespace", Value: namespace}, {Name: "PodName", Value: pod}}
	q := func(key, metric, stat string) MetricQuery {
		return MetricQuery{Key: key, Namespace: NamespaceEKSInsights, Metric: metric, Dimensions: dims, Stat: stat, Period: period}
	}
	return []MetricQuery{
		q("cpu", MetricPodCPU, "Average"), q("cpu-max", MetricPodCPU, "Maximum"),
		q("mem", MetricPodMemory, "Average"), q("mem-max", MetricPodMemory, "Maximum"),
	}
}

// InsightsOff says a result of PodMetricQueries holds no datapoint at all:
// Container Insights is not collecting for the pod's cluster.
func InsightsOff(res MetricResult) bool {
	for _, s := range res.Series {
		if len(s.Values) > 0 {
			return false
		}
	}
	return true
}
