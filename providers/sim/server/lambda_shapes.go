package server

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// lambdaTime is how Lambda writes LastModified: a string, not a number.
const lambdaTime = "2006-01-02T15:04:05.000-0700"

func lambdaTimestamp(t time.Time) string { return t.UTC().Format(lambdaTime) }

// Wire shapes of the Lambda restJson1 API. Member names are the Go field
// names, which are the model's.

type lambdaConfig struct {
	FunctionName     string
	FunctionArn      string
	Runtime          string `json:",omitempty"`
	Role             string `json:",omitempty"`
	Handler          string `json:",omitempty"`
	CodeSize         int64
	Description      string
	Timeout          int
	MemorySize       int
	LastModified     string
	CodeSha256       string `json:",omitempty"`
	Version          string
	Environment      *lambdaEnv `json:",omitempty"`
	TracingConfig    lambdaMode
	RevisionId       string `json:",omitempty"`
	State            string `json:",omitempty"`
	LastUpdateStatus string `json:",omitempty"`
	PackageType      string `json:",omitempty"`
	Architectures    []string
	EphemeralStorage lambdaSize
	LoggingConfig    lambdaLogging
	SnapStart        lambdaSnapStart
}

type lambdaEnv struct {
	Variables map[string]string
}

type lambdaMode struct{ Mode string }

type lambdaSize struct{ Size int }

type lambdaLogging struct {
	LogFormat           string
	LogGroup            string
	ApplicationLogLevel string `json:",omitempty"`
	SystemLogLevel      string `json:",omitempty"`
}

type lambdaSnapStart struct {
	ApplyOn            string
	OptimizationStatus string
}

type lambdaCode struct {
	RepositoryType   string
	Location         string `json:",omitempty"`
	ImageUri         string `json:",omitempty"`
	ResolvedImageUri string `json:",omitempty"`
}

type lambdaConcurrency struct {
	ReservedConcurrentExecutions *int `json:",omitempty"`
}

type lambdaGetFunction struct {
	Configuration lambdaConfig
	Code          lambdaCode
	Tags          map[string]string  `json:",omitempty"`
	Concurrency   *lambdaConcurrency `json:",omitempty"`
}

type lambdaAlias struct {
	AliasArn        string
	Name            string
	FunctionVersion string
	Description     string
	RevisionId      string         `json:",omitempty"`
	RoutingConfig   *lambdaRouting `json:",omitempty"`
}

type lambdaRouting struct {
	AdditionalVersionWeights map[string]float64
}

type lambdaProvisioned struct {
	FunctionArn                              string `json:",omitempty"`
	RequestedProvisionedConcurrentExecutions int
	AllocatedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	Status                                   string
	StatusReason                             string `json:",omitempty"`
	LastModified                             string
}

type lambdaESM struct {
	UUID                           string
	EventSourceArn                 string
	EventSourceMappingArn          string
	FunctionArn                    string
	State                          string
	StateTransitionReason          string
	BatchSize                      int
	MaximumBatchingWindowInSeconds int
	LastProcessingResult           string
	StartingPosition               string `json:",omitempty"`
}

// config renders a function (as $LATEST, or as one of its versions) the
// way GetFunctionConfiguration reports it.
func (s *Server) config(f providers.Function, version, sha string, modified time.Time, desc string) lambdaConfig {
	if modified.IsZero() {
		modified = f.LastModified
	}
	arn := f.ARN
	if version != "" && version != "$LATEST" {
		arn += ":" + version
	}
	if version == "" {
		version = "$LATEST"
	}
	cfg := lambdaConfig{
		FunctionName: f.Name, FunctionArn: arn, Runtime: f.Runtime, Role: f.Role, Handler: f.Handler,
		CodeSize: f.CodeSize, Description: desc, Timeout: f.TimeoutSec, MemorySize: f.MemoryMB,
		LastModified: lambdaTimestamp(modified), CodeSha256: sha, Version: version,
		TracingConfig: lambdaMode{Mode: "PassThrough"},
		RevisionId:    revisionID(f.Name, version, modified.String(), strconv.Itoa(f.MemoryMB), strconv.Itoa(f.TimeoutSec)),
		State:         f.State, LastUpdateStatus: f.LastUpdateStatus, PackageType: f.PackageType,
		Architectures:    []string{f.Architecture},
		EphemeralStorage: lambdaSize{Size: 512},
		LoggingConfig:    lambdaLogging{LogFormat: f.LogFormat, LogGroup: f.LogGroup},
		SnapStart:        lambdaSnapStart{ApplyOn: "None", OptimizationStatus: "Off"},
	}
	if cfg.State == "" {
		cfg.State = "Active"
	}
	if cfg.LoggingConfig.LogFormat == "" {
		cfg.LoggingConfig.LogFormat = "Text"
	}
	if cfg.LoggingConfig.LogGroup == "" {
		cfg.LoggingConfig.LogGroup = "/aws/lambda/" + f.Name
	}
	if cfg.LoggingConfig.LogFormat == "JSON" {
		cfg.LoggingConfig.ApplicationLogLevel, cfg.LoggingConfig.SystemLogLevel = "INFO", "INFO"
	}
	if len(f.Env) > 0 {
		cfg.Environment = &lambdaEnv{Variables: make(map[string]string, len(f.Env))}
		for _, e := range f.Env {
			cfg.Environment.Variables[e.Name] = e.Value
		}
	}
	return cfg
}

// versionConfig renders one version of a function from its detail.
func (s *Server) versionConfig(d providers.FunctionDetail, v providers.FunctionVersion) lambdaConfig {
	desc := v.Description
	if v.Version == "$LATEST" {
		desc = d.Function.Description
	}
	return s.config(d.Function, v.Version, v.CodeSHA256, v.LastModified, desc)
}

func (s *Server) alias(fnName string, a providers.Alias) lambdaAlias {
	out := lambdaAlias{
		AliasArn: a.ARN, Name: a.Name, FunctionVersion: a.FunctionVersion,
		Description: a.Description, RevisionId: a.RevisionID,
	}
	if out.AliasArn == "" {
		out.AliasArn = s.arn("lambda", "function:"+fnName+":"+a.Name)
	}
	if len(a.AdditionalWeights) > 0 {
		out.RoutingConfig = &lambdaRouting{AdditionalVersionWeights: a.AdditionalWeights}
	}
	return out
}

func provisioned(fnARN string, p providers.ProvisionedConfig) lambdaProvisioned {
	return lambdaProvisioned{
		FunctionArn:                              fnARN + ":" + p.Qualifier,
		RequestedProvisionedConcurrentExecutions: p.Requested,
		AllocatedProvisionedConcurrentExecutions: p.Allocated,
		AvailableProvisionedConcurrentExecutions: p.Available,
		Status:                                   p.Status,
		StatusReason:                             p.StatusReason,
		LastModified:                             p.LastModified.UTC().Format("2006-01-02T15:04:05-0700"),
	}
}

func (s *Server) esm(e providers.EventSourceMapping) lambdaESM {
	out := lambdaESM{
		UUID: e.UUID, EventSourceArn: e.SourceARN, FunctionArn: e.Function, State: e.State,
		StateTransitionReason: "USER_INITIATED", BatchSize: e.BatchSize, LastProcessingResult: e.LastResult,
		EventSourceMappingArn: s.arn("lambda", "event-source-mapping:"+e.UUID),
	}
	if e.SourceKind != "SQS" {
		out.StartingPosition = "LATEST"
	}
	if out.LastProcessingResult == "" {
		out.LastProcessingResult = "No records processed"
	}
	return out
}

// code is GetFunction's Code: where the package or image lives.
func (s *Server) code(d providers.FunctionDetail) lambdaCode {
	if d.ImageURI != "" || d.Function.PackageType == "Image" {
		resolved := d.ImageURI
		if i := strings.LastIndexByte(resolved, ':'); i > strings.LastIndexByte(resolved, '/') {
			resolved = resolved[:i]
		}
		return lambdaCode{RepositoryType: "ECR", ImageUri: d.ImageURI, ResolvedImageUri: resolved + "@sha256:" + imageDigest(d.CodeSHA256)}
	}
	return lambdaCode{
		RepositoryType: "S3",
		Location: fmt.Sprintf("https://awslambda-%s-tasks.s3.%s.amazonaws.com/snapshots/%s/%s-%s?X-Amz-Expires=600",
			s.ident.Region, s.ident.Region, s.ident.Account, d.Function.Name, revisionID(d.CodeSHA256)),
	}
}

// imageDigest turns Lambda's base64 CodeSha256 into the hex digest an
// image reference carries.
func imageDigest(sha string) string {
	if b, err := base64.StdEncoding.DecodeString(sha); err == nil && len(b) == 32 {
		return hex.EncodeToString(b)
	}
	h := sha256.Sum256([]byte(sha))
	return hex.EncodeToString(h[:])
}

// revisionID derives a stable, uuid-shaped revision id from parts.
func revisionID(parts ...string) string {
	h := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
