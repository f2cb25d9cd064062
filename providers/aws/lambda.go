package aws

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virgahq/virga/providers"
)

// Page limits. Lambda returns at most 50 items per page whatever is asked;
// the detail reads stop after maxDetailPages pages and say so in Warnings,
// so that one function with thousands of versions cannot spend the
// account's 15 requests a second.
const (
	lambdaPageSize = 50
	maxDetailPages = 10
)

// ListFunctions returns one page of up to 50 functions after marker.
// Reserved concurrency is not part of a list result: ReservedKnown is false
// until GetFunction reads it.
//
// CLI: aws lambda list-functions --max-items 50 [--starting-token MARKER]
func (p *Provider) ListFunctions(ctx context.Context, marker string) (providers.FunctionPage, error) {
	in := &lambda.ListFunctionsInput{MaxItems: aws.Int32(lambdaPageSize)}
	if marker != "" {
		in.Marker = aws.String(marker)
	}
	out, err := do(ctx, p, p.lambdaSvc, "ListFunctions", func(ctx context.Context) (*lambda.ListFunctionsOutput, error) {
		return p.lambda.ListFunctions(ctx, in)
	})
	if err != nil {
		return providers.FunctionPage{}, err
	}
	page := providers.FunctionPage{Functions: make([]providers.Function, 0, len(out.Functions)), Next: aws.ToString(out.NextMarker)}
	for i := range out.Functions {
		page.Functions = append(page.Functions, functionOf(&out.Functions[i]))
	}
	return page, nil
}

// functionOf maps a function configuration to the domain type.
func functionOf(c *types.FunctionConfiguration) providers.Function {
	f := providers.Function{
		Name:             aws.ToString(c.FunctionName),
		ARN:              aws.ToString(c.FunctionArn),
		Runtime:          string(c.Runtime),
		PackageType:      string(c.PackageType),
		Handler:          aws.ToString(c.Handler),
		Description:      aws.ToString(c.Description),
		MemoryMB:         int(aws.ToInt32(c.MemorySize)),
		TimeoutSec:       int(aws.ToInt32(c.Timeout)),
		Architecture:     "x86_64",
		LastModified:     parseLambdaTime(aws.ToString(c.LastModified)),
		CodeSize:         c.CodeSize,
		Role:             aws.ToString(c.Role),
		State:            string(c.State),
		LastUpdateStatus: string(c.LastUpdateStatus),
		Version:          aws.ToString(c.Version),
		LogFormat:        "Text",
	}
	if f.PackageType == "" {
		f.PackageType = string(types.PackageTypeZip)
	}
	if len(c.Architectures) > 0 {
		f.Architecture = string(c.Architectures[0])
	}
	if f.Version == "" {
		f.Version = "$LATEST"
	}
	if c.Environment != nil && len(c.Environment.Variables) > 0 {
		for _, k := range slices.Sorted(maps.Keys(c.Environment.Variables)) {
			f.Env = append(f.Env, providers.EnvVar{Name: k, Value: c.Environment.Variables[k]})
		}
	}
	f.LogGroup = "/aws/lambda/" + f.Name
	if lc := c.LoggingConfig; lc != nil {
		if g := aws.ToString(lc.LogGroup); g != "" {
			f.LogGroup = g
		}
		if lc.LogFormat != "" {
			f.LogFormat = string(lc.LogFormat)
		}
	}
	return f
}

// parseLambdaTime parses a Lambda timestamp in the form Lambda documents
// ("2006-01-02T15:04:05.000-0700") or the forms emulators write; an
// unreadable one is zero.
func parseLambdaTime(s string) time.Time {
	for _, layout := range [...]string{
		"2006-01-02T15:04:05.000-0700",
		"2006-01-02T15:04:05-0700",
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// GetFunction reads a function's configuration, reserved concurrency and
// tags, plus its versions, aliases, provisioned concurrency and event source
// mappings. The five reads run concurrently within the Lambda in-flight
// limit. Only GetFunction itself is required: when an optional read fails
// (typically AccessDenied on one List action) the detail comes back with
// what was read and a line in Warnings.
//
// CLI: aws lambda get-function --function-name NAME
// plus list-versions-by-function, list-aliases,
// list-provisioned-concurrency-configs and
// list-event-source-mappings --function-name NAME
func (p *Provider) GetFunction(ctx context.Context, name string) (providers.FunctionDetail, error) {
	var (
		d       providers.FunctionDetail
		mainErr error
		mu      sync.Mutex
		wg      sync.WaitGroup
	)
	// A function that cannot be read makes the other reads pointless:
	// they are cancelled rather than spent on the account's quota.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	warn := func(what string, err error) {
		mu.Lock()
		d.Warnings = append(d.Warnings, what+": "+providers.Short(err))
		mu.Unlock()
	}
	wg.Go(func() {
		if mainErr = p.getFunction(ctx, name, &d); mainErr != nil {
			cancel()
		}
	})
	readInto(&wg, &mu, &d.Versions, "versions", warn, func() ([]providers.FunctionVersion, error) {
		v, more, err := p.listVersions(ctx, name)
		if err == nil && more {
			err = fmt.Errorf("only the first %d are shown", len(v))
		}
		return v, err
	})
	readInto(&wg, &mu, &d.Aliases, "aliases", warn, func() ([]providers.Alias, error) {
		return p.listAliases(ctx, name)
	})
	readInto(&wg, &mu, &d.Provisioned, "provisioned concurrency", warn, func() ([]providers.ProvisionedConfig, error) {
		return p.listProvisioned(ctx, name)
	})
	readInto(&wg, &mu, &d.EventSources, "event sources", warn, func() ([]providers.EventSourceMapping, error) {
		return p.listEventSources(ctx, name)
	})
	wg.Wait()
	if mainErr != nil {
		return providers.FunctionDetail{}, mainErr
	}
	slices.Sort(d.Warnings)
	return d, nil
}

// readInto runs one optional read of GetFunction in wg and stores what it
// returned in *dst under mu, even when it failed part way; a failure is a
// warning named what.
func readInto[T any](wg *sync.WaitGroup, mu *sync.Mutex, dst *T, what string, warn func(string, error), read func() (T, error)) {
	wg.Go(func() {
		v, err := read()
		mu.Lock()
		*dst = v
		mu.Unlock()
		if err != nil {
			warn(what, err)
		}
	})
}

// getFunction reads the configuration, code location, concurrency and tags.
//
// CLI: aws lambda get-function --function-name NAME
func (p *Provider) getFunction(ctx context.Context, name string, d *providers.FunctionDetail) error {
	out, err := do(ctx, p, p.lambdaSvc, "GetFunction", func(ctx context.Context) (*lambda.GetFunctionOutput, error) {
		return p.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	})
	if err != nil {
		return err
	}
	var f providers.Function
	if out.Configuration != nil {
		f = functionOf(out.Configuration)
		d.CodeSHA256 = aws.ToString(out.Configuration.CodeSha256)
	}
	f.ReservedKnown = true
	if out.Concurrency != nil && out.Concurrency.ReservedConcurrentExecutions != nil {
		r := int(*out.Concurrency.ReservedConcurrentExecutions)
		f.Reserved = &r
	}
	if len(out.Tags) > 0 {
		f.Tags = maps.Clone(out.Tags)
	}
	if out.Code != nil {
		d.ImageURI = aws.ToString(out.Code.ImageUri)
	}
	d.Function = f
	return nil
}

// collect reads pages from a paginator until it has no more or maxPages
// were read; more reports that pages were left unread. Each page is one
// call with its own deadline and in-flight slot.
func collect[O any](ctx context.Context, p *Provider, svc *service, op string, maxPages int,
	hasMore func() bool, next func(context.Context) (O, error), each func(O)) (more bool, err error) {
	for n := 0; hasMore(); n++ {
		if n == maxPages {
			return true, nil
		}
		out, err := do(ctx, p, svc, op, next)
		if err != nil {
			return false, err
		}
		each(out)
	}
	return false, nil
}

// listVersions lists the published versions, oldest first, without
// $LATEST.
//
// CLI: aws lambda list-versions-by-function --function-name NAME
func (p *Provider) listVersions(ctx context.Context, name string) ([]providers.FunctionVersion, bool, error) {
	pg := lambda.NewListVersionsByFunctionPaginator(p.lambda,
		&lambda.ListVersionsByFunctionInput{FunctionName: aws.String(name), MaxItems: aws.Int32(lambdaPageSize)})
	var vs []providers.FunctionVersion
	more, err := collect(ctx, p, p.lambdaSvc, "ListVersionsByFunction", maxDetailPages, pg.HasMorePages,
		func(ctx context.Context) (*lambda.ListVersionsByFunctionOutput, error) { return pg.NextPage(ctx) },
		func(out *lambda.ListVersionsByFunctionOutput) {
			for _, c := range out.Versions {
				v := aws.ToString(c.Version)
				if v == "$LATEST" || v == "" {
					continue
				}
				vs = append(vs, providers.FunctionVersion{
					Version: v, Description: aws.ToString(c.Description),
					CodeSHA256: aws.ToString(c.CodeSha256), LastModified: parseLambdaTime(aws.ToString(c.LastModified)),
				})
			}
		})
	return vs, more, err
}

// listAliases lists the aliases with their weighted canaries.
//
// CLI: aws lambda list-aliases --function-name NAME
func (p *Provider) listAliases(ctx context.Context, name string) ([]providers.Alias, error) {
	pg := lambda.NewListAliasesPaginator(p.lambda,
		&lambda.ListAliasesInput{FunctionName: aws.String(name), MaxItems: aws.Int32(lambdaPageSize)})
	var as []providers.Alias
	_, err := collect(ctx, p, p.lambdaSvc, "ListAliases", maxDetailPages, pg.HasMorePages,
		func(ctx context.Context) (*lambda.ListAliasesOutput, error) { return pg.NextPage(ctx) },
		func(out *lambda.ListAliasesOutput) {
			for i := range out.Aliases {
				as = append(as, aliasOf(&out.Aliases[i]))
			}
		})
	return as, err
}

func aliasOf(c *types.AliasConfiguration) providers.Alias {
	a := providers.Alias{
		Name: aws.ToString(c.Name), ARN: aws.ToString(c.AliasArn), FunctionVersion: aws.ToString(c.FunctionVersion),
		Description: aws.ToString(c.Description), RevisionID: aws.ToString(c.RevisionId),
	}
	if c.RoutingConfig != nil && len(c.RoutingConfig.AdditionalVersionWeights) > 0 {
		a.AdditionalWeights = maps.Clone(c.RoutingConfig.AdditionalVersionWeights)
	}
	return a
}

// listProvisioned lists provisioned-concurrency configurations on the
// function's aliases and versions.
//
// CLI: aws lambda list-provisioned-concurrency-configs --function-name NAME
func (p *Provider) listProvisioned(ctx context.Context, name string) ([]providers.ProvisionedConfig, error) {
	pg := lambda.NewListProvisionedConcurrencyConfigsPaginator(p.lambda,
		&lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String(name), MaxItems: aws.Int32(lambdaPageSize)})
	var pcs []providers.ProvisionedConfig
	_, err := collect(ctx, p, p.lambdaSvc, "ListProvisionedConcurrencyConfigs", maxDetailPages, pg.HasMorePages,
		func(ctx context.Context) (*lambda.ListProvisionedConcurrencyConfigsOutput, error) {
			return pg.NextPage(ctx)
		},
		func(out *lambda.ListProvisionedConcurrencyConfigsOutput) {
			for _, c := range out.ProvisionedConcurrencyConfigs {
				pcs = append(pcs, providers.ProvisionedConfig{
					Qualifier:    qualifierOf(aws.ToString(c.FunctionArn)),
					Requested:    int(aws.ToInt32(c.RequestedProvisionedConcurrentExecutions)),
					Allocated:    int(aws.ToInt32(c.AllocatedProvisionedConcurrentExecutions)),
					Available:    int(aws.ToInt32(c.AvailableProvisionedConcurrentExecutions)),
					Status:       string(c.Status),
					StatusReason: aws.ToString(c.StatusReason),
					LastModified: parseLambdaTime(aws.ToString(c.LastModified)),
				})
			}
		})
	return pcs, err
}

// qualifierOf is the alias or version at the end of a qualified function
// ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME:QUALIFIER).
func qualifierOf(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) >= 8 {
		return parts[7]
	}
	return ""
}

// listEventSources lists the event source mappings that feed the function.
//
// CLI: aws lambda list-event-source-mappings --function-name NAME
func (p *Provider) listEventSources(ctx context.Context, name string) ([]providers.EventSourceMapping, error) {
	pg := lambda.NewListEventSourceMappingsPaginator(p.lambda,
		&lambda.ListEventSourceMappingsInput{FunctionName: aws.String(name), MaxItems: aws.Int32(100)})
	var es []providers.EventSourceMapping
	_, err := collect(ctx, p, p.lambdaSvc, "ListEventSourceMappings", maxDetailPages, pg.HasMorePages,
		func(ctx context.Context) (*lambda.ListEventSourceMappingsOutput, error) { return pg.NextPage(ctx) },
		func(out *lambda.ListEventSourceMappingsOutput) {
			for _, m := range out.EventSourceMappings {
				es = append(es, providers.EventSourceMapping{
					UUID:       aws.ToString(m.UUID),
					SourceARN:  aws.ToString(m.EventSourceArn),
					SourceKind: sourceKind(aws.ToString(m.EventSourceArn)),
					State:      aws.ToString(m.State),
					BatchSize:  int(aws.ToInt32(m.BatchSize)),
					LastResult: aws.ToString(m.LastProcessingResult),
					Function:   aws.ToString(m.FunctionArn),
				})
			}
		})
	return es, err
}

// sourceKind names the kind of an event source from its ARN.
func sourceKind(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) < 3 {
		if arn == "" {
			return "Kafka" // self-managed Kafka has no ARN
		}
		return ""
	}
	switch parts[2] {
	case "sqs":
		return "SQS"
	case "dynamodb":
		return "DynamoDB"
	case "kinesis":
		return "Kinesis"
	case "kafka":
		return "Kafka"
	case "mq":
		return "MQ"
	case "rds", "docdb":
		return "DocumentDB"
	}
	return strings.ToUpper(parts[2])
}

// AccountSettings reads the account's Lambda concurrency pool and code
// storage.
//
// CLI: aws lambda get-account-settings
func (p *Provider) AccountSettings(ctx context.Context) (providers.AccountSettings, error) {
	out, err := do(ctx, p, p.lambdaSvc, "GetAccountSettings", func(ctx context.Context) (*lambda.GetAccountSettingsOutput, error) {
		return p.lambda.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	})
	if err != nil {
		return providers.AccountSettings{}, err
	}
	var s providers.AccountSettings
	if l := out.AccountLimit; l != nil {
		s.ConcurrencyLimit = int(l.ConcurrentExecutions)
		s.UnreservedConcurrency = int(aws.ToInt32(l.UnreservedConcurrentExecutions))
		s.CodeSizeLimit = l.TotalCodeSize
	}
	if u := out.AccountUsage; u != nil {
		s.FunctionCount = int(u.FunctionCount)
		s.CodeSizeUsed = u.TotalCodeSize
	}
	return s, nil
}

// ReservedConcurrency reads a function's reserved concurrency, nil when
// it has none: one light call per function, for the list's RSV column.
//
// CLI: aws lambda get-function-concurrency --function-name F
func (p *Provider) ReservedConcurrency(ctx context.Context, function string) (*int, error) {
	out, err := do(ctx, p, p.lambdaSvc, "GetFunctionConcurrency", func(ctx context.Context) (*lambda.GetFunctionConcurrencyOutput, error) {
		return p.lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(function)})
	})
	if err != nil {
		return nil, err
	}
	if out.ReservedConcurrentExecutions == nil {
		return nil, nil
	}
	r := int(*out.ReservedConcurrentExecutions)
	return &r, nil
}
