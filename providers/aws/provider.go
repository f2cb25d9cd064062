// Package aws implements virga's provider interfaces with aws-sdk-go-v2:
// Lambda, ECS, CloudWatch metrics, CloudWatch Logs (history and Live Tail)
// and STS. It is the only package of virga that imports the SDK; everything
// it returns is a providers domain type and every error a *providers.Error.
//
// One Provider serves one profile and region. It keeps a client per service
// with its own in-flight limit, an adaptive retryer for background reads and
// a single attempt for what the user triggers (mutations and Invoke), a
// deadline on every call, API accounting for the :stats view, and, in
// read-only mode, an SDK middleware that refuses every operation not known
// to be a read before anything is sent.
//
// Import it as awsprov elsewhere: its name clashes with the SDK's aws package.
package aws

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// Config says which account, region and endpoint a Provider talks to.
type Config struct {
	// Profile names a shared config profile; empty uses AWS_PROFILE or the
	// default profile.
	Profile string
	// Region overrides the profile's region and AWS_REGION.
	Region string
	// EndpointURL sends every service to one endpoint (moto, the simulated
	// account's server). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
	// work too, through the SDK.
	EndpointURL string
	// AccessKeyID and SecretAccessKey, when both are set, replace the
	// default credential chain (demo and tests).
	AccessKeyID     string
	SecretAccessKey string
	// ReadOnly makes an SDK middleware refuse every operation that is not
	// a known read, before anything is sent: the second wall behind the
	// tui's own read-only check.
	ReadOnly bool
	// Now is the clock for Stats.Since; default time.Now.
	Now func() time.Time
	// CallTimeout is the deadline of each call whose context has none;
	// default 20s.
	CallTimeout time.Duration
	// HTTPClient replaces the Provider's own HTTP client; Close then leaves
	// it alone. The SDK adds AWS_CA_BUNDLE (or a profile's ca_bundle) only
	// to a client it builds, so with a bundle configured New fails unless
	// HTTPClient is nil.
	HTTPClient *http.Client
	// CloudWatchJSON switches CloudWatch from Smithy RPC v2 CBOR (the SDK
	// default) to JSON 1.0, which real CloudWatch also accepts, for
	// emulators that lack CBOR (moto).
	CloudWatchJSON bool
	// TailIdleTimeout is how long a Live Tail session may send nothing
	// at all before it is taken for dead (AWS sends an update every
	// second, events or not); default 10s.
	TailIdleTimeout time.Duration
	// Log, when set, gets a debug line per call and per failed attempt
	// (never parameters or bodies).
	Log *slog.Logger
	// Retryer makes the SDK's retryer; nil is adaptive mode. Tests that
	// drive throttling on a simulated clock pass one that does not sleep
	// on the wall clock between attempts.
	Retryer func() aws.Retryer
	// AppID names the tool in every request's User-Agent ("virga/1.2.0"),
	// which CloudTrail records with each change.
	AppID string
	// MFA asks the person for the code of an MFA device when a profile
	// assumes a role that needs one (mfa_serial), naming the profile and
	// the device. It may block until the person answers. Nil fails such a
	// profile's calls with a message that says so.
	MFA func(profile, serial string) (string, error)
	// Kubeconfig is the kubeconfig file whose contexts may point at an EKS
	// cluster; empty means KUBECONFIG or ~/.kube/config. NoKubeconfig
	// ignores kubeconfig files (demo and tests): every cluster is reached
	// with an EKS token.
	Kubeconfig   string
	NoKubeconfig bool
	// LogCallsPerSecond paces FilterLogEvents for every caller of the
	// Provider; 0 means the API's quota, 5 a second per account and
	// region. Lower leaves room for other tools on the same account;
	// tests that replay simulated hours in real seconds set it higher.
	LogCallsPerSecond float64
}

// defaultCallTimeout bounds a call whose context has no deadline.
const defaultCallTimeout = 20 * time.Second

// invokeTimeout bounds an Invoke whose context has no deadline: a
// synchronous invocation may legitimately run for Lambda's maximum function
// timeout of 15 minutes, which CallTimeout would cut short.
const invokeTimeout = 15*time.Minute + 30*time.Second

// Short service names: the prefix of providers.Error.Op and the Service of
// providers.CallStat. They match the names the simulated account uses.
const (
	svcLambda     = "Lambda"
	svcECS        = "ECS"
	svcCloudWatch = "CloudWatch"
	svcLogs       = "Logs"
	svcSTS        = "STS"
)

// Provider is virga's data source over real AWS (or anything that speaks
// its wire protocols). It is safe for concurrent use.
type Provider struct {
	cfg     Config
	region  string
	profile string
	// sso says the profile gets its credentials from IAM Identity Center,
	// so expired credentials are fixed with "aws sso login".
	sso bool
	// mfaSerial is the MFA device of a profile that assumes a role with
	// one, "" otherwise.
	mfaSerial string
	// customEndpoint says at least one service goes to a custom endpoint;
	// a DNS failure then says nothing about the region being enabled.
	customEndpoint bool

	httpClient *http.Client
	ownHTTP    bool
	// readOnly is the SDK wall's switch (see addReadOnly).
	readOnly atomic.Bool

	// creds are the resolved credential chain (virga doctor names its
	// source).
	creds aws.CredentialsProvider

	lambda lambdaAPI
	ecs    ecsAPI
	cw     cloudwatchAPI
	logs   logsAPI
	sts    stsAPI
	eks    *eksState

	lambdaSvc, ecsSvc, cwSvc, logsSvc, stsSvc *service

	acct *accounting
	// logPace keeps FilterLogEvents under its quota for every caller.
	logPace *pace.Pacer

	idMu sync.Mutex
	id   *providers.Identity

	// bad remembers metric queries that failed on their own.
	bad badQueries

	// taskDefs caches task definitions by ARN: a revision never changes.
	tdMu     sync.Mutex
	taskDefs map[string]providers.TaskDefinition
}

// Compile-time checks that Provider offers every capability virga uses.
var (
	_ providers.FullBackend               = (*Provider)(nil)
	_ providers.ReservedConcurrencyReader = (*Provider)(nil)
	_ providers.StatsReader               = (*Provider)(nil)
)

// New loads the AWS configuration (profile, region, credentials chain,
// endpoints) and builds the service clients. It does not call AWS:
// credentials are resolved on the first call.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	p := newProvider(cfg)
	var httpClient aws.HTTPClient = cfg.HTTPClient
	if cfg.HTTPClient == nil {
		// A buildable client, so the SDK can add a custom CA bundle
		// (AWS_CA_BUNDLE, ca_bundle in the profile) to its transport;
		// it is frozen into a plain client after the configuration loads.
		httpClient, p.ownHTTP = newHTTPClient(), true
	} else {
		p.httpClient = cfg.HTTPClient
	}

	retryer := cfg.Retryer
	if retryer == nil {
		retryer = func() aws.Retryer { return retry.NewAdaptiveMode() }
	}
	apiOptions := append(p.acct.apiOptions(), callLog{log: cfg.Log}.apiOptions()...)
	p.readOnly.Store(cfg.ReadOnly)
	apiOptions = append(apiOptions, p.addReadOnly)
	opts := []func(*config.LoadOptions) error{
		config.WithHTTPClient(httpClient),
		config.WithAPIOptions(apiOptions),
		// Background reads: adaptive mode slows a client down after
		// throttles; user actions override MaxAttempts to 1 per call.
		config.WithRetryer(retryer),
		// The SDK logs warnings to stderr by default, which would draw over
		// the terminal UI; everything worth saying comes back as an error.
		config.WithLogger(logging.Nop{}),
		p.withMFA(),
	}
	if cfg.AppID != "" {
		opts = append(opts, config.WithAppID(cfg.AppID))
	}
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	if cfg.AccessKeyID != "" && cfg.SecretAccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(cfg.AccessKeyID, cfg.SecretAccessKey, "")))
	}
	if cfg.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(cfg.EndpointURL))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		p.Close()
		return nil, &providers.Error{Kind: providers.ErrCredentials, Op: "Config.Load",
			Message: "cannot load AWS configuration: " + err.Error(), Err: err}
	}
	if awsCfg.Region == "" {
		p.Close()
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: "Config.Load",
			Message: "no AWS region: pass --region, set AWS_REGION, or set region in the profile"}
	}
	if bc, ok := awsCfg.HTTPClient.(*awshttp.BuildableClient); ok && p.ownHTTP {
		// One plain client on the built transport (CA bundle included),
		// shared by every service client and kept so Close can release its
		// connections: BuildableClient.Freeze would wrap the transport in
		// a RoundTripper without CloseIdleConnections.
		p.httpClient = &http.Client{Transport: ownBodies{bc.GetTransport()}}
		awsCfg.HTTPClient = p.httpClient
	}
	p.region = awsCfg.Region
	p.creds = awsCfg.Credentials
	p.profile, p.sso = profileOf(cfg.Profile, awsCfg.ConfigSources)
	p.mfaSerial = mfaSerialOf(awsCfg.ConfigSources)
	p.buildClients(awsCfg)
	return p, nil
}

// newProvider fills in the defaults and everything but the clients.
func newProvider(cfg Config) *Provider {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = defaultCallTimeout
	}
	if cfg.TailIdleTimeout <= 0 {
		cfg.TailIdleTimeout = defaultTailIdle
	}
	return &Provider{
		cfg:       cfg,
		lambdaSvc: newService(svcLambda, 4),
		ecsSvc:    newService(svcECS, 8),
		cwSvc:     newService(svcCloudWatch, 4),
		logsSvc:   newService(svcLogs, 3),
		stsSvc:    newService(svcSTS, 1),
		acct:      newAccounting(cfg.Now),
		logPace:   pace.New(cfg.LogCallsPerSecond, pace.Wall()),
		taskDefs:  map[string]providers.TaskDefinition{},
	}
}

// buildClients makes one client per service. Every client sees the
// endpoint override, and any client with a custom endpoint (flag, env or
// profile) gets its endpoint host prefix disabled, so Live Tail goes to the
// endpoint itself instead of "stream-<host>".
func (p *Provider) buildClients(awsCfg aws.Config) {
	var endpoint *string
	if p.cfg.EndpointURL != "" {
		endpoint = aws.String(p.cfg.EndpointURL)
	}
	custom := func(base **string, apiOptions *[]func(*middleware.Stack) error) {
		if endpoint != nil {
			*base = endpoint
		}
		if *base != nil {
			p.customEndpoint = true
			*apiOptions = append(*apiOptions, addDisableHostPrefix)
		}
	}
	p.lambda = lambda.NewFromConfig(awsCfg, func(o *lambda.Options) { custom(&o.BaseEndpoint, &o.APIOptions) })
	p.ecs = ecs.NewFromConfig(awsCfg, func(o *ecs.Options) {
		custom(&o.BaseEndpoint, &o.APIOptions)
		if o.BaseEndpoint != nil {
			o.APIOptions = append(o.APIOptions, addECSNumberCompat)
		}
	})
	p.logs = cloudwatchlogs.NewFromConfig(awsCfg, func(o *cloudwatchlogs.Options) { custom(&o.BaseEndpoint, &o.APIOptions) })
	p.sts = sts.NewFromConfig(awsCfg, func(o *sts.Options) { custom(&o.BaseEndpoint, &o.APIOptions) })
	p.buildEKS(awsCfg, custom)
	p.cw = cloudwatch.NewFromConfig(awsCfg, func(o *cloudwatch.Options) {
		custom(&o.BaseEndpoint, &o.APIOptions)
		if p.cfg.CloudWatchJSON {
			o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
		}
	})
}

// newHTTPClient is the Provider's own HTTP client, with its own connection
// pool so Close can release it. There is no overall client timeout: every
// call carries a context deadline, and a Live Tail response streams for as
// long as its context lives.
func newHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) {
			d.Timeout = 10 * time.Second
			d.KeepAlive = 30 * time.Second
		}).
		WithTransportOptions(func(tr *http.Transport) {
			tr.Proxy = http.ProxyFromEnvironment
			tr.ForceAttemptHTTP2 = true
			tr.MaxIdleConns = 32
			tr.MaxIdleConnsPerHost = 8
			tr.IdleConnTimeout = 90 * time.Second
			tr.TLSHandshakeTimeout = 10 * time.Second
			tr.ExpectContinueTimeout = time.Second
		})
}

// profileOf finds the profile the configuration was loaded from and whether
// it (or a profile it chains from) uses IAM Identity Center.
func profileOf(explicit string, sources []any) (string, bool) {
	profile := explicit
	sso := false
	for _, src := range sources {
		switch c := src.(type) {
		case config.SharedConfig:
			if profile == "" {
				profile = c.Profile
			}
			for s := &c; s != nil; s = s.Source {
				if s.SSOSessionName != "" || s.SSOStartURL != "" {
					sso = true
				}
			}
		case config.EnvConfig:
			if profile == "" {
				profile = c.SharedConfigProfile
			}
		}
	}
	if profile == "" {
		profile = os.Getenv("AWS_PROFILE")
	}
	return profile, sso
}

// Close releases the Provider's idle connections. Calls in flight are
// ended by their contexts, not by Close.
func (p *Provider) Close() {
	p.closeKube()
	if p.ownHTTP && p.httpClient != nil {
		p.httpClient.CloseIdleConnections()
	}
}

// Region is the region every call goes to.
func (p *Provider) Region() string { return p.region }

// Profile is the shared config profile in use, or "" when none is.
func (p *Provider) Profile() string { return p.profile }

// LogPacer is the bucket FilterLogEvents waits on, for callers that must
// not block on it (pace.Reserve).
func (p *Provider) LogPacer() *pace.Pacer { return p.logPace }

// Stats reports the API calls made since New, sorted by service and
// operation.
func (p *Provider) Stats() providers.Stats { return p.acct.snapshot() }

// Identity reports the caller's account and ARN (STS GetCallerIdentity,
// read once and cached) with the profile and region in use.
//
// CLI: aws sts get-caller-identity
func (p *Provider) Identity(ctx context.Context) (providers.Identity, error) {
	if id, ok := p.cachedIdentity(); ok {
		return id, nil
	}
	return do(ctx, p, p.stsSvc, "GetCallerIdentity", func(ctx context.Context) (providers.Identity, error) {
		// The STS limit is one call in flight: a second caller waits here
		// and finds the identity cached instead of calling again.
		if id, ok := p.cachedIdentity(); ok {
			return id, nil
		}
		out, err := p.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return providers.Identity{}, err
		}
		id := providers.Identity{
			Account: aws.ToString(out.Account),
			ARN:     aws.ToString(out.Arn),
			Region:  p.region,
			Profile: p.profile,
		}
		p.idMu.Lock()
		p.id = &id
		p.idMu.Unlock()
		return id, nil
	})
}

func (p *Provider) cachedIdentity() (providers.Identity, bool) {
	p.idMu.Lock()
	defer p.idMu.Unlock()
	if p.id == nil {
		return providers.Identity{}, false
	}
	return *p.id, true
}

// String describes the Provider for logs.
func (p *Provider) String() string {
	return fmt.Sprintf("aws(profile=%q region=%s)", p.profile, p.region)
}
