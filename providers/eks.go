package providers

import (
	"strings"
	"time"
)

// EKS on Fargate: the EKS control plane (clusters and their Fargate
// profiles) and the Kubernetes objects that run on it (pods, deployments,
// namespaces, events). The JSON names are lowerCamelCase because `virga get
// ... -o json` prints these types as they are.

// EKSCluster is one EKS cluster as DescribeCluster reports it.
type EKSCluster struct {
	Name            string    `json:"name"`
	ARN             string    `json:"arn"`
	Status          string    `json:"status"` // CREATING, ACTIVE, UPDATING, DELETING, FAILED
	Version         string    `json:"version"`
	PlatformVersion string    `json:"platformVersion"`
	Endpoint        string    `json:"endpoint"`
	EndpointPublic  bool      `json:"endpointPublicAccess"`
	EndpointPrivate bool      `json:"endpointPrivateAccess"`
	PublicCIDRs     []string  `json:"publicAccessCidrs,omitempty"`
	RoleARN         string    `json:"roleArn"`
	VPC             string    `json:"vpcId,omitempty"`
	Subnets         []string  `json:"subnetIds,omitempty"`
	CreatedAt       time.Time `json:"createdAt,omitzero"`
	// AuthMode is the access configuration: API, API_AND_CONFIG_MAP or
	// CONFIG_MAP ("" when EKS did not say).
	AuthMode string `json:"authenticationMode,omitempty"`
}

// Access says how the cluster's API server is reached: "public",
// "private" or "public+private"; "" when EKS said neither.
func (c EKSCluster) Access() string {
	switch {
	case c.EndpointPublic && c.EndpointPrivate:
		return "public+private"
	case c.EndpointPublic:
		return "public"
	case c.EndpointPrivate:
		return "private"
	}
	return ""
}

// FargateProfile is one Fargate profile of a cluster: which pods it
// places on Fargate (Selectors), in which subnets, under which role.
type FargateProfile struct {
	Cluster string `json:"cluster"`
	Name    string `json:"name"`
	ARN     string `json:"arn"`
	// Status is CREATING, ACTIVE, DELETING, CREATE_FAILED or DELETE_FAILED.
	// Only an ACTIVE profile places pods.
	Status              string            `json:"status"`
	PodExecutionRoleARN string            `json:"podExecutionRoleArn"`
	Subnets             []string          `json:"subnets,omitempty"`
	Selectors           []FargateSelector `json:"selectors"`
	CreatedAt           time.Time         `json:"createdAt,omitzero"`
}

// FargateSelector is one selector of a profile: a namespace and labels
// that must all match. Namespace and label values may use the wildcards
// '*' (any run of characters) and '?' (one character).
type FargateSelector struct {
	Namespace string            `json:"namespace"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// Pod is one Kubernetes pod of an EKS cluster that runs on Fargate or is
// waiting to be placed.
type Pod struct {
	Cluster   string            `json:"cluster"`
	Namespace string            `json:"namespace"`
	Name      string            `json:"name"`
	UID       string            `json:"uid"`
	Labels    map[string]string `json:"labels,omitempty"`
	// Phase is the pod's phase: Pending, Running, Succeeded, Failed, Unknown.
	Phase string `json:"phase"`
	// Status is what kubectl shows in its STATUS column: the phase, or a
	// waiting container's reason (CrashLoopBackOff, ContainerCreating ...).
	Status   string `json:"status"`
	Ready    int    `json:"ready"` // containers ready
	Total    int    `json:"total"` // containers
	Restarts int    `json:"restarts"`
	// RequestCPU and RequestMemory are the sum of the containers' requests
	// as Kubernetes quantities ("250m", "512Mi"); "" when none is set.
	RequestCPU    string `json:"requestCpu,omitempty"`
	RequestMemory string `json:"requestMemory,omitempty"`
	// CapacityProvisioned is Fargate's CapacityProvisioned annotation, the
	// size it actually runs the pod on, e.g. "0.25vCPU 0.5GB".
	CapacityProvisioned string `json:"capacityProvisioned"`
	// FargateProfile is the profile that placed the pod (the
	// eks.amazonaws.com/fargate-profile label), "" for an unplaced pod.
	FargateProfile string `json:"fargateProfile,omitempty"`
	Node           string `json:"node,omitempty"`
	IP             string `json:"ip,omitempty"`
	SchedulerName  string `json:"schedulerName,omitempty"`
	// Owner is the controller that owns the pod: "ReplicaSet/api-7d9f".
	Owner string `json:"owner,omitempty"`
	// Deployment is the deployment behind the owning ReplicaSet, when the
	// ReplicaSet's name says so ("" otherwise).
	Deployment string `json:"deployment,omitempty"`
	// Unschedulable is the PodScheduled=False condition's message.
	Unschedulable string         `json:"unschedulable,omitempty"`
	CreatedAt     time.Time      `json:"createdAt,omitzero"`
	Containers    []PodContainer `json:"containers"`
	// Events are the pod's events, oldest first; only GetPod fills them,
	// and ListPods fills the warnings of pending pods.
	Events []KubeEvent `json:"events,omitempty"`
}

// OnFargate says the pod runs (or ran) on a Fargate node.
func (p Pod) OnFargate() bool {
	return p.FargateProfile != "" || strings.HasPrefix(p.Node, "fargate-")
}

// PodContainer is one container of a pod: its spec and its status.
type PodContainer struct {
	Name          string    `json:"name"`
	Image         string    `json:"image"`
	Init          bool      `json:"init,omitempty"`
	RequestCPU    string    `json:"requestCpu,omitempty"`
	RequestMemory string    `json:"requestMemory,omitempty"`
	Ready         bool      `json:"ready"`
	Restarts      int       `json:"restarts"`
	State         string    `json:"state"` // running, waiting, terminated
	Reason        string    `json:"reason,omitempty"`
	Message       string    `json:"message,omitempty"`
	StartedAt     time.Time `json:"startedAt,omitzero"`
	// LastExitCode and LastReason describe the previous run of a
	// restarted container (LastExitCode -1 when there was none).
	LastExitCode int    `json:"lastExitCode"`
	LastReason   string `json:"lastReason,omitempty"`
}

// KubeEvent is one Kubernetes event about an object.
type KubeEvent struct {
	Namespace string    `json:"namespace"`
	Object    string    `json:"object"` // "Pod/api-7d9f-x2"
	Type      string    `json:"type"`   // Normal, Warning
	Reason    string    `json:"reason"`
	Message   string    `json:"message"`
	Source    string    `json:"source,omitempty"`
	Count     int       `json:"count"`
	First     time.Time `json:"firstTimestamp,omitzero"`
	Last      time.Time `json:"lastTimestamp,omitzero"`
}

// Namespace is one Kubernetes namespace.
type Namespace struct {
	Name      string            `json:"name"`
	Status    string            `json:"status"`
	Labels    map[string]string `json:"labels,omitempty"`
	CreatedAt time.Time         `json:"createdAt,omitzero"`
}

// KubeDeployment is one Kubernetes Deployment (Deployment is ECS's).
type KubeDeployment struct {
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Replicas  int    `json:"replicas"` // desired
	Ready     int    `json:"readyReplicas"`
	Updated   int    `json:"updatedReplicas"`
	Available int    `json:"availableReplicas"`
	// Selector is the pod selector's matchLabels.
	Selector map[string]string `json:"selector,omitempty"`
	Images   []string          `json:"images,omitempty"`
	// RestartedAt is the kubectl.kubernetes.io/restartedAt annotation of
	// the pod template (a rollout restart), "" when never restarted.
	RestartedAt string    `json:"restartedAt,omitempty"`
	CreatedAt   time.Time `json:"createdAt,omitzero"`
	// Progressing is the Progressing condition's reason, e.g.
	// NewReplicaSetAvailable or ProgressDeadlineExceeded.
	Progressing string `json:"progressing,omitempty"`
}

// FargateLogging is where Fargate routes container logs: the aws-logging
// ConfigMap of the aws-observability namespace.
type FargateLogging struct {
	// Enabled says the ConfigMap exists with an output section.
	Enabled bool `json:"enabled"`
	// Output is the Fluent Bit output plugin: cloudwatch_logs, cloudwatch,
	// es, firehose, kinesis_firehose, kinesis_streams ...
	Output string `json:"output,omitempty"`
	// LogGroup is the CloudWatch log group, for a CloudWatch output.
	LogGroup     string `json:"logGroup,omitempty"`
	Region       string `json:"region,omitempty"`
	StreamPrefix string `json:"streamPrefix,omitempty"`
}

// PodLogRequest asks for a pod's logs through the Kubernetes API.
type PodLogRequest struct {
	Cluster   string
	Namespace string
	Pod       string
	// Container is required for a pod of several containers.
	Container string
	Follow    bool
	// Since limits the history to this long ago; 0 means all of it.
	Since time.Duration
	// TailLines, when positive, keeps only the last lines of history.
	TailLines int
}
