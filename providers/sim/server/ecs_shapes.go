package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// epoch is a timestamp as awsJson writes it: seconds since the epoch, a
// JSON number with millisecond precision.
type epoch time.Time

func (e epoch) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(e).UnixMilli())/1000, 'f', -1, 64), nil
}

// IsZero lets omitzero drop unset timestamps.
func (e epoch) IsZero() bool { return time.Time(e).IsZero() }

// Wire shapes of the ECS awsJson1_1 API.

type ecsKV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type ecsCluster struct {
	ClusterArn                        string   `json:"clusterArn"`
	ClusterName                       string   `json:"clusterName"`
	Status                            string   `json:"status"`
	RegisteredContainerInstancesCount int      `json:"registeredContainerInstancesCount"`
	RunningTasksCount                 int      `json:"runningTasksCount"`
	PendingTasksCount                 int      `json:"pendingTasksCount"`
	ActiveServicesCount               int      `json:"activeServicesCount"`
	CapacityProviders                 []string `json:"capacityProviders"`
	Settings                          []ecsKV  `json:"settings"`
	Statistics                        []ecsKV  `json:"statistics,omitempty"`
	Tags                              []ecsTag `json:"tags,omitempty"`
}

type ecsTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type ecsFailure struct {
	Arn    string `json:"arn"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

type ecsCapacity struct {
	CapacityProvider string `json:"capacityProvider"`
	Weight           int    `json:"weight"`
	Base             int    `json:"base"`
}

type ecsService struct {
	ServiceArn               string        `json:"serviceArn"`
	ServiceName              string        `json:"serviceName"`
	ClusterArn               string        `json:"clusterArn"`
	Status                   string        `json:"status"`
	DesiredCount             int           `json:"desiredCount"`
	RunningCount             int           `json:"runningCount"`
	PendingCount             int           `json:"pendingCount"`
	LaunchType               string        `json:"launchType,omitempty"`
	CapacityProviderStrategy []ecsCapacity `json:"capacityProviderStrategy,omitempty"`
	PlatformVersion          string        `json:"platformVersion"`
	PlatformFamily           string        `json:"platformFamily"`
	TaskDefinition           string        `json:"taskDefinition"`
	DeploymentConfiguration  struct {
		DeploymentCircuitBreaker struct {
			Enable   bool `json:"enable"`
			Rollback bool `json:"rollback"`
		} `json:"deploymentCircuitBreaker"`
		MaximumPercent        int `json:"maximumPercent"`
		MinimumHealthyPercent int `json:"minimumHealthyPercent"`
	} `json:"deploymentConfiguration"`
	Deployments          []ecsDeployment `json:"deployments"`
	Events               []ecsEvent      `json:"events"`
	CreatedAt            epoch           `json:"createdAt,omitzero"`
	SchedulingStrategy   string          `json:"schedulingStrategy"`
	DeploymentController struct {
		Type string `json:"type"`
	} `json:"deploymentController"`
	CreatedBy string `json:"createdBy"`
}

type ecsDeployment struct {
	ID                       string        `json:"id"`
	Status                   string        `json:"status"`
	TaskDefinition           string        `json:"taskDefinition"`
	DesiredCount             int           `json:"desiredCount"`
	PendingCount             int           `json:"pendingCount"`
	RunningCount             int           `json:"runningCount"`
	FailedTasks              int           `json:"failedTasks"`
	CreatedAt                epoch         `json:"createdAt,omitzero"`
	UpdatedAt                epoch         `json:"updatedAt,omitzero"`
	LaunchType               string        `json:"launchType,omitempty"`
	CapacityProviderStrategy []ecsCapacity `json:"capacityProviderStrategy,omitempty"`
	PlatformVersion          string        `json:"platformVersion"`
	RolloutState             string        `json:"rolloutState,omitempty"`
	RolloutStateReason       string        `json:"rolloutStateReason,omitempty"`
}

type ecsEvent struct {
	ID        string `json:"id"`
	CreatedAt epoch  `json:"createdAt,omitzero"`
	Message   string `json:"message"`
}

type ecsTask struct {
	TaskArn              string         `json:"taskArn"`
	ClusterArn           string         `json:"clusterArn"`
	TaskDefinitionArn    string         `json:"taskDefinitionArn"`
	Group                string         `json:"group,omitempty"`
	LastStatus           string         `json:"lastStatus"`
	DesiredStatus        string         `json:"desiredStatus"`
	HealthStatus         string         `json:"healthStatus,omitempty"`
	LaunchType           string         `json:"launchType,omitempty"`
	CapacityProviderName string         `json:"capacityProviderName,omitempty"`
	Cpu                  string         `json:"cpu,omitempty"`
	Memory               string         `json:"memory,omitempty"`
	AvailabilityZone     string         `json:"availabilityZone,omitempty"`
	StartedBy            string         `json:"startedBy,omitempty"`
	CreatedAt            epoch          `json:"createdAt,omitzero"`
	StartedAt            epoch          `json:"startedAt,omitzero"`
	StoppedAt            epoch          `json:"stoppedAt,omitzero"`
	StopCode             string         `json:"stopCode,omitempty"`
	StoppedReason        string         `json:"stoppedReason,omitempty"`
	PlatformVersion      string         `json:"platformVersion"`
	PlatformFamily       string         `json:"platformFamily"`
	Connectivity         string         `json:"connectivity,omitempty"`
	EnableExecuteCommand bool           `json:"enableExecuteCommand"`
	Version              int            `json:"version"`
	Containers           []ecsContainer `json:"containers"`
}

type ecsContainer struct {
	ContainerArn string `json:"containerArn"`
	TaskArn      string `json:"taskArn"`
	Name         string `json:"name"`
	Image        string `json:"image,omitempty"`
	LastStatus   string `json:"lastStatus"`
	HealthStatus string `json:"healthStatus,omitempty"`
	ExitCode     *int   `json:"exitCode,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

type ecsTaskDefinition struct {
	TaskDefinitionArn       string             `json:"taskDefinitionArn"`
	Family                  string             `json:"family"`
	Revision                int                `json:"revision"`
	Status                  string             `json:"status"`
	Cpu                     string             `json:"cpu,omitempty"`
	Memory                  string             `json:"memory,omitempty"`
	NetworkMode             string             `json:"networkMode"`
	RequiresCompatibilities []string           `json:"requiresCompatibilities"`
	Compatibilities         []string           `json:"compatibilities"`
	ContainerDefinitions    []ecsContainerSpec `json:"containerDefinitions"`
}

type ecsContainerSpec struct {
	Name             string             `json:"name"`
	Image            string             `json:"image"`
	Essential        bool               `json:"essential"`
	Cpu              int                `json:"cpu"`
	Memory           int                `json:"memory,omitempty"`
	LogConfiguration *ecsLogConfig      `json:"logConfiguration,omitempty"`
	PortMappings     []ecsPortMapping   `json:"portMappings,omitempty"`
	HealthCheck      *ecsHealthCheckDef `json:"healthCheck,omitempty"`
}

type ecsPortMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort,omitempty"`
	Protocol      string `json:"protocol,omitempty"`
}

type ecsHealthCheckDef struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval,omitempty"`
	Timeout     int      `json:"timeout,omitempty"`
	Retries     int      `json:"retries,omitempty"`
	StartPeriod int      `json:"startPeriod,omitempty"`
}

type ecsLogConfig struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options,omitempty"`
}

func (s *Server) clusterARN(name string) string { return s.arn("ecs", "cluster/"+name) }

func (s *Server) ecsService(sv providers.Service) ecsService {
	out := ecsService{
		ServiceArn: sv.ARN, ServiceName: sv.Name, ClusterArn: s.clusterARN(sv.Cluster), Status: sv.Status,
		DesiredCount: sv.Desired, RunningCount: sv.Running, PendingCount: sv.Pending, LaunchType: sv.LaunchType,
		PlatformVersion: "LATEST", PlatformFamily: "Linux", TaskDefinition: sv.TaskDefinition,
		CreatedAt: epoch(sv.CreatedAt), SchedulingStrategy: "REPLICA",
		CreatedBy: "arn:aws:iam::" + s.ident.Account + ":role/platform-deployer",
	}
	var spot []ecsCapacity
	if sv.LaunchType == "" {
		spot = []ecsCapacity{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
		out.CapacityProviderStrategy = spot
	}
	dc := &out.DeploymentConfiguration
	dc.DeploymentCircuitBreaker.Enable, dc.DeploymentCircuitBreaker.Rollback = sv.CircuitBreaker, sv.Rollback
	dc.MaximumPercent, dc.MinimumHealthyPercent = 200, 100
	out.DeploymentController.Type = "ECS"
	out.Deployments = make([]ecsDeployment, 0, len(sv.Deployments))
	for _, d := range sv.Deployments {
		out.Deployments = append(out.Deployments, ecsDeployment{
			ID: d.ID, Status: d.Status, TaskDefinition: d.TaskDefinition, DesiredCount: d.Desired,
			PendingCount: d.Pending, RunningCount: d.Running, FailedTasks: d.Failed,
			CreatedAt: epoch(d.CreatedAt), UpdatedAt: epoch(d.UpdatedAt), LaunchType: sv.LaunchType,
			CapacityProviderStrategy: spot, PlatformVersion: "1.4.0",
			RolloutState: d.RolloutState, RolloutStateReason: d.RolloutReason,
		})
	}
	out.Events = make([]ecsEvent, 0, min(len(sv.Events), 100))
	for _, e := range sv.Events[:min(len(sv.Events), 100)] {
		out.Events = append(out.Events, ecsEvent{ID: e.ID, CreatedAt: epoch(e.CreatedAt), Message: e.Message})
	}
	return out
}

func (s *Server) ecsTask(t providers.Task) ecsTask {
	out := ecsTask{
		TaskArn: t.ARN, ClusterArn: s.clusterARN(t.Cluster), TaskDefinitionArn: t.TaskDefinition,
		LastStatus: t.LastStatus, DesiredStatus: t.DesiredStatus, HealthStatus: t.Health,
		LaunchType: t.LaunchType, CapacityProviderName: "FARGATE", Cpu: t.CPU, Memory: t.Memory,
		AvailabilityZone: t.AZ, StartedBy: t.StartedBy, CreatedAt: epoch(t.CreatedAt),
		StartedAt: epoch(t.StartedAt), StoppedAt: epoch(t.StoppedAt), StopCode: t.StopCode,
		StoppedReason: t.StoppedReason, PlatformVersion: "1.4.0", PlatformFamily: "Linux", Version: 1,
		Connectivity: "CONNECTED", EnableExecuteCommand: t.ExecEnabled,
	}
	if t.Service != "" {
		out.Group = "service:" + t.Service
	}
	if out.LaunchType == "" {
		out.CapacityProviderName = "FARGATE_SPOT"
	}
	out.Containers = make([]ecsContainer, 0, len(t.Containers))
	for i, ctr := range t.Containers {
		out.Containers = append(out.Containers, ecsContainer{
			ContainerArn: s.arn("ecs", "container/"+t.Cluster+"/"+t.ID+"/"+revisionID(t.ID, strconv.Itoa(i))),
			TaskArn:      t.ARN, Name: ctr.Name, Image: ctr.Image, LastStatus: ctr.LastStatus,
			HealthStatus: ctr.Health, ExitCode: ctr.ExitCode, Reason: ctr.Reason,
		})
	}
	return out
}

func ecsTaskDef(td providers.TaskDefinition) ecsTaskDefinition {
	out := ecsTaskDefinition{
		TaskDefinitionArn: td.ARN, Family: td.Family, Revision: td.Revision, Status: "ACTIVE",
		Cpu: td.CPU, Memory: td.Memory, NetworkMode: "awsvpc",
		RequiresCompatibilities: []string{"FARGATE"}, Compatibilities: []string{"EC2", "FARGATE"},
	}
	out.ContainerDefinitions = make([]ecsContainerSpec, 0, len(td.Containers))
	for _, c := range td.Containers {
		spec := ecsContainerSpec{Name: c.Name, Image: c.Image, Essential: c.Essential, Cpu: c.CPU, Memory: c.Memory}
		if c.LogDriver != "" {
			spec.LogConfiguration = &ecsLogConfig{LogDriver: c.LogDriver, Options: c.LogOptions}
		}
		for _, p := range c.Ports {
			spec.PortMappings = append(spec.PortMappings, ecsPortMapping{ContainerPort: p.ContainerPort, HostPort: p.HostPort, Protocol: p.Protocol})
		}
		if hc := c.HealthCheck; hc != nil {
			spec.HealthCheck = &ecsHealthCheckDef{Command: hc.Command, Interval: hc.Interval, Timeout: hc.Timeout,
				Retries: hc.Retries, StartPeriod: hc.StartPeriod}
		}
		out.ContainerDefinitions = append(out.ContainerDefinitions, spec)
	}
	return out
}

// lastSegment is the name at the end of an ARN ("…:cluster/prod-api",
// "…:task/prod-api/abc"), or the string itself when it is not an ARN.
func lastSegment(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	return s[strings.LastIndexByte(s, '/')+1:]
}
