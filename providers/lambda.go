package providers

import "time"

// Function is one Lambda function as ListFunctions (or GetFunction) reports
// it. Values come from AWS and are untrusted: views sanitize them.
type Function struct {
	Name         string    `json:"name,omitempty"`
	ARN          string    `json:"arn,omitempty"`
	Runtime      string    `json:"runtime,omitempty"`     // empty for container images
	PackageType  string    `json:"packageType,omitempty"` // "Zip" or "Image"
	Handler      string    `json:"handler,omitempty"`
	Description  string    `json:"description,omitempty"`
	MemoryMB     int       `json:"memoryMb"`
	TimeoutSec   int       `json:"timeoutSeconds"`
	Architecture string    `json:"architecture,omitempty"` // "x86_64" or "arm64"
	LastModified time.Time `json:"lastModified,omitzero"`
	CodeSize     int64     `json:"codeSizeBytes"`
	Role         string    `json:"role,omitempty"`
	// Env holds the environment variables sorted by name. Views mask the
	// values until one is revealed.
	Env       []EnvVar `json:"environment,omitempty"`
	LogGroup  string   `json:"logGroup,omitempty"`  // LoggingConfig.LogGroup, or /aws/lambda/<name>
	LogFormat string   `json:"logFormat,omitempty"` // "Text" or "JSON"
	State     string   `json:"state,omitempty"`     // Active, Pending, Inactive, Failed
	// LastUpdateStatus is Successful, InProgress or Failed.
	LastUpdateStatus string `json:"lastUpdateStatus,omitempty"`
	Version          string `json:"version,omitempty"` // "$LATEST" for list results
	// Reserved is the reserved concurrency; nil means unreserved.
	// ListFunctions does not return it, so ReservedKnown says whether
	// Reserved has been read (GetFunction) or is still unknown.
	Reserved      *int              `json:"reservedConcurrency,omitempty"`
	ReservedKnown bool              `json:"reservedConcurrencyKnown"`
	Tags          map[string]string `json:"tags,omitempty"`
}

// EnvVar is one environment variable of a function.
type EnvVar struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
	// Masked says Value is a placeholder, not the variable's value.
	Masked bool `json:"masked,omitempty"`
}

// FunctionPage is one page of ListFunctions. Next is empty on the last page.
type FunctionPage struct {
	Functions []Function `json:"functions,omitempty"`
	Next      string     `json:"next,omitempty"`
}

// FunctionDetail is what virga reads lazily for the selected function.
// The function's own fields are embedded, so its JSON is one object with
// the detail's fields beside the function's.
type FunctionDetail struct {
	Function
	ImageURI     string               `json:"imageUri,omitempty"`
	CodeSHA256   string               `json:"codeSha256,omitempty"`
	Versions     []FunctionVersion    `json:"versions,omitempty"`
	Aliases      []Alias              `json:"aliases,omitempty"`
	Provisioned  []ProvisionedConfig  `json:"provisionedConcurrency,omitempty"`
	EventSources []EventSourceMapping `json:"eventSourceMappings,omitempty"`
	// Warnings name the optional parts that could not be read (for example
	// provisioned concurrency when the caller may not list it); the rest of
	// the detail is still valid.
	Warnings []string `json:"warnings,omitempty"`
}

// FunctionVersion is one published version.
type FunctionVersion struct {
	Version      string    `json:"version,omitempty"`
	Description  string    `json:"description,omitempty"`
	CodeSHA256   string    `json:"codeSha256,omitempty"`
	LastModified time.Time `json:"lastModified,omitzero"`
}

// Alias is a named pointer to a version, optionally with a weighted
// canary (AdditionalWeights maps a second version to its share, 0..1).
type Alias struct {
	Name              string             `json:"name,omitempty"`
	ARN               string             `json:"arn,omitempty"`
	FunctionVersion   string             `json:"functionVersion,omitempty"`
	AdditionalWeights map[string]float64 `json:"additionalVersionWeights,omitempty"`
	Description       string             `json:"description,omitempty"`
	RevisionID        string             `json:"revisionId,omitempty"`
}

// ProvisionedConfig is a provisioned-concurrency configuration on an alias
// or version. Allocation is asynchronous: Status goes IN_PROGRESS -> READY
// or FAILED.
type ProvisionedConfig struct {
	Qualifier    string    `json:"qualifier,omitempty"`
	Requested    int       `json:"requested"`
	Allocated    int       `json:"allocated"`
	Available    int       `json:"available"`
	Status       string    `json:"status,omitempty"`
	StatusReason string    `json:"statusReason,omitempty"`
	LastModified time.Time `json:"lastModified,omitzero"`
}

// EventSourceMapping connects a queue or stream to a function.
type EventSourceMapping struct {
	UUID       string `json:"uuid,omitempty"`
	SourceARN  string `json:"eventSourceArn,omitempty"`
	SourceKind string `json:"sourceKind,omitempty"` // "SQS", "DynamoDB", "Kinesis"
	State      string `json:"state,omitempty"`      // Enabled, Disabled, Enabling, Disabling, Updating
	BatchSize  int    `json:"batchSize"`
	LastResult string `json:"lastProcessingResult,omitempty"`
	Function   string `json:"function,omitempty"`
}

// AccountSettings is the account's Lambda concurrency pool and usage.
type AccountSettings struct {
	ConcurrencyLimit      int   `json:"concurrencyLimit"`
	UnreservedConcurrency int   `json:"unreservedConcurrency"`
	FunctionCount         int   `json:"functionCount"`
	CodeSizeUsed          int64 `json:"codeSizeUsedBytes"`
	CodeSizeLimit         int64 `json:"codeSizeLimitBytes"`
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
