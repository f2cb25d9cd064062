package providers

import "time"

// Function is one Lambda function as ListFunctions (or GetFunction) reports
// it. Values come from AWS and are untrusted: views sanitize them.
type Function struct {
	Name         string
	ARN          string
	Runtime      string // empty for container images
	PackageType  string // "Zip" or "Image"
	Handler      string
	Description  string
	MemoryMB     int
	TimeoutSec   int
	Architecture string // "x86_64" or "arm64"
	LastModified time.Time
	CodeSize     int64
	Role         string
	// Env holds the environment variables sorted by name. Views mask the
	// values until one is revealed.
	Env       []EnvVar
	LogGroup  string // LoggingConfig.LogGroup, or /aws/lambda/<name>
	LogFormat string // "Text" or "JSON"
	State     string // Active, Pending, Inactive, Failed
	// LastUpdateStatus is Successful, InProgress or Failed.
	LastUpdateStatus string
	Version          string // "$LATEST" for list results
	// Reserved is the reserved concurrency; nil means unreserved.
	// ListFunctions does not return it, so ReservedKnown says whether
	// Reserved has been read (GetFunction) or is still unknown.
	Reserved      *int
	ReservedKnown bool
	Tags          map[string]string
}

// EnvVar is one environment variable of a function.
type EnvVar struct {
	Name  string
	Value string
}

// FunctionPage is one page of ListFunctions. Next is empty on the last page.
type FunctionPage struct {
	Functions []Function
	Next      string
}

// FunctionDetail is what virga reads lazily for the selected function.
type FunctionDetail struct {
	Function     Function
	ImageURI     string
	CodeSHA256   string
	Versions     []FunctionVersion
	Aliases      []Alias
	Provisioned  []ProvisionedConfig
	EventSources []EventSourceMapping
	// Warnings name the optional parts that could not be read (for example
	// provisioned concurrency when the caller may not list it); the rest of
	// the detail is still valid.
	Warnings []string
}

// FunctionVersion is one published version.
type FunctionVersion struct {
	Version      string
	Description  string
	CodeSHA256   string
	LastModified time.Time
}

// Alias is a named pointer to a version, optionally with a weighted
// canary (AdditionalWeights maps a second version to its share, 0..1).
type Alias struct {
	Name              string
	ARN               string
	FunctionVersion   string
	AdditionalWeights map[string]float64
	Description       string
	RevisionID        string
}

// ProvisionedConfig is a provisioned-concurrency configuration on an alias
// or version. Allocation is asynchronous: Status goes IN_PROGRESS -> READY
// or FAILED.
type ProvisionedConfig struct {
	Qualifier    string
	Requested    int
	Allocated    int
	Available    int
	Status       string
	StatusReason string
	LastModified time.Time
}

// EventSourceMapping connects a queue or stream to a function.
type EventSourceMapping struct {
	UUID       string
	SourceARN  string
	SourceKind string // "SQS", "DynamoDB", "Kinesis"
	State      string // Enabled, Disabled, Enabling, Disabling, Updating
	BatchSize  int
	LastResult string
	Function   string
}

// AccountSettings is the account's Lambda concurrency pool and usage.
type AccountSettings struct {
	ConcurrencyLimit      int
	UnreservedConcurrency int
	FunctionCount         int
	CodeSizeUsed          int64
	CodeSizeLimit         int64
}

// InvocationType is how Invoke runs a function.
type InvocationType string

// Invocation types accepted by Invoke.
const (
	InvokeSync   InvocationType = "RequestResponse"
	InvokeAsync  InvocationType = "Event"
	InvokeDryRun InvocationType = "DryRun"
)

// InvokeRequest asks for one invocation.
type InvokeRequest struct {
	Function  string
	Qualifier string
	Type      InvocationType
	Payload   []byte
	// Tail asks for the last 4 KB of the invocation's log (sync only).
	Tail bool
}

// InvokeResult is the outcome of Invoke. A function error is not a Go
// error: FunctionError is "Unhandled" or "Handled" and Payload holds the
// error document.
type InvokeResult struct {
	StatusCode      int
	FunctionError   string
	ExecutedVersion string
	Payload         []byte
	LogTail         string // decoded from base64
	RequestID       string
}
