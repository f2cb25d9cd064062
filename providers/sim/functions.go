package sim

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// function is one Lambda function: its immutable description plus a
// timeline of configurations that actions extend.
type function struct {
	spec  fnSpec
	key   uint64 // hash(seed, name): seeds every draw about this function
	name  string
	arn   string
	base  providers.Function // the fields no action changes
	group string
	entry string // qualifier its traffic arrives through: "" or an alias
	esm   *esmInfo

	// Guarded by Account.mu.
	tl       *timeline
	recorded map[int64][]recorded // invocations made through Invoke, by minute
}

// esmInfo is the fixed part of an event source mapping.
type esmInfo struct {
	uuid  string
	arn   string
	kind  string
	batch int
}

func (f *function) async() bool  { return f.spec.trigger == trigAsync }
func (f *function) stream() bool { return f.esm != nil && f.esm.kind != "SQS" }

// buildFunctions creates the catalogue and the generated functions. It is
// O(n) with a handful of allocations per function so that New stays fast
// at 10,000 functions.
func (a *Account) buildFunctions() {
	specs := catalogue()
	if a.cfg.Functions < len(specs) {
		specs = specs[:a.cfg.Functions]
	}
	for i := len(specs); i < a.cfg.Functions; i++ {
		specs = append(specs, generatedSpec(a.seed, i))
	}
	a.fns = make([]*function, 0, len(specs))
	a.byName = make(map[string]*function, len(specs))
	a.byGroup = make(map[string]*function, len(specs))
	a.esms = map[string]*function{}
	for _, s := range specs {
		f := a.newFunction(s)
		a.fns = append(a.fns, f)
		a.byName[f.name] = f
		a.byGroup[f.group] = f
		if f.esm != nil {
			a.esms[f.esm.uuid] = f
		}
	}
	sort.Slice(a.fns, func(i, j int) bool { return a.fns[i].name < a.fns[j].name })
}

func (a *Account) newFunction(s fnSpec) *function {
	key := hash(a.seed, hashString(s.name))
	h := func(k uint64) uint64 { return hash(key, tagFunc, k) }
	f := &function{spec: s, key: key, name: s.name, arn: a.arnPrefix("lambda") + "function:" + s.name}
	f.group = "/aws/lambda/" + s.name
	if s.custom {
		f.group = "/custom/platform/" + s.name
	}
	arch := "x86_64"
	if s.arm {
		arch = "arm64"
	}
	pkg := "Zip"
	if s.runtime == "" {
		pkg = "Image"
	}
	format := "Text"
	if s.json {
		format = "JSON"
	}
	team := s.team
	if team == "" {
		team = "platform"
	}
	f.base = providers.Function{
		Name:         s.name,
		ARN:          f.arn,
		Runtime:      s.runtime,
		PackageType:  pkg,
		Handler:      handlerFor(s),
		Description:  s.desc,
		Architecture: arch,
		Role:         "arn:aws:iam::" + a.cfg.Account + ":role/" + team + "-lambda-exec",
		LogGroup:     f.group,
		LogFormat:    format,
		State:        "Active",
		Version:      "$LATEST",
	}
	switch s.trigger {
	case trigSQS:
		f.esm = &esmInfo{kind: "SQS", batch: 10, arn: a.arnPrefix("sqs") + s.name + "-queue"}
	case trigKinesis:
		f.esm = &esmInfo{kind: "Kinesis", batch: 100, arn: a.arnPrefix("kinesis") + "stream/" + s.name + "-stream"}
	case trigDynamo:
		label := a.start.AddDate(0, -7, 0).Format("2006-01-02T15:04:05.000")
		f.esm = &esmInfo{kind: "DynamoDB", batch: 100, arn: a.arnPrefix("dynamodb") + "table/" + pascal(team) + "/stream/" + label}
	}
	if f.esm != nil {
		f.esm.uuid = uuid(hash(key, tagESM), hash(key, tagESM, 1))
	}

	modified := a.past.Add(-time.Duration(24+h(1)%(40*24)) * time.Hour).Add(-time.Duration(h(2)%3600) * time.Second)
	code := a.codeRev(f, 0)
	c := &fnConfig{
		gen:        1,
		memoryMB:   s.memoryMB,
		timeoutSec: s.timeoutSec,
		reserved:   s.reserved,
		code:       code,
		modified:   modified,
		esmEnabled: true,
	}
	a.seedVersions(f, c)
	// The implicit generation 0 before the last deployment makes the
	// deployment itself restart every environment, as it did in reality.
	before := c.clone()
	before.gen = 0
	c.from = modified
	f.tl = &timeline{configs: []*fnConfig{before, c}}
	return f
}

// ListFunctions returns 50 functions per page, sorted by name, as the
// Lambda API does. The marker is opaque to callers.
func (a *Account) ListFunctions(ctx context.Context, marker string) (providers.FunctionPage, error) {
	const op = "Lambda.ListFunctions"
	if err := a.begin(ctx, op); err != nil {
		return providers.FunctionPage{}, err
	}
	startIdx := 0
	if marker != "" {
		raw, err := base64.RawURLEncoding.DecodeString(marker)
		name, ok := strings.CutPrefix(string(raw), "fn:")
		if err != nil || !ok {
			return providers.FunctionPage{}, a.fail(providers.ErrInvalid, op, "Invalid marker: %q", marker)
		}
		startIdx = sort.Search(len(a.fns), func(i int) bool { return a.fns[i].name >= name })
	}
	end := min(startIdx+50, len(a.fns))
	page := providers.FunctionPage{Functions: make([]providers.Function, 0, end-startIdx)}
	fns := a.fns[startIdx:end]
	cs := make([]*fnConfig, len(fns))
	a.mu.Lock()
	for i, f := range fns {
		cs[i] = f.tl.latest()
	}
	a.mu.Unlock()
	now := a.now()
	for i, f := range fns {
		page.Functions = append(page.Functions, a.describe(f, cs[i], now, false))
	}
	if end < len(a.fns) {
		page.Next = base64.RawURLEncoding.EncodeToString([]byte("fn:" + a.fns[end].name))
	}
	return page, nil
}

// describe renders the function as the API reports it at now.
// withReserved says whether the caller read concurrency (GetFunction).
// Environment and tags are derived here rather than stored, which keeps
// New cheap at 10,000 functions; they are pure functions of the seed.
func (a *Account) describe(f *function, c *fnConfig, now time.Time, withReserved bool) providers.Function {
	fn := f.base
	fn.Env = a.envFor(f)
	team := f.spec.team
	if team == "" {
		team = "platform"
	}
	fn.Tags = map[string]string{
		"team":        team,
		"service":     f.name,
		"env":         "prod",
		"managed-by":  "terraform",
		"cost-center": "cc-" + strconv.Itoa(1000+int(hashString(team)%9000)),
	}
	fn.MemoryMB = c.memoryMB
	fn.TimeoutSec = c.timeoutSec
	fn.LastModified = c.modified
	fn.CodeSize = c.code.size
	fn.LastUpdateStatus = "Successful"
	if now.Before(c.updateDone) {
		fn.LastUpdateStatus = "InProgress"
	}
	if withReserved {
		fn.ReservedKnown = true
		if c.reserved >= 0 {
			r := c.reserved
			fn.Reserved = &r
		}
	}
	return fn
}

// GetFunction returns the configuration, versions, aliases, provisioned
// concurrency and event source mappings of a function.
func (a *Account) GetFunction(ctx context.Context, name string) (providers.FunctionDetail, error) {
	f, c, now, err := a.readLatest(ctx, "Lambda.GetFunction", name)
	if err != nil {
		return providers.FunctionDetail{}, err
	}
	d := providers.FunctionDetail{
		Function:   a.describe(f, c, now, true),
		ImageURI:   c.code.image,
		CodeSHA256: c.code.sha,
		Versions: []providers.FunctionVersion{{
			Version: "$LATEST", Description: f.spec.desc, CodeSHA256: c.code.sha, LastModified: c.modified,
		}},
	}
	for _, v := range c.versions {
		d.Versions = append(d.Versions, providers.FunctionVersion{
			Version: v.name, Description: v.desc, CodeSHA256: v.code.sha, LastModified: v.modified,
		})
	}
	for _, al := range c.aliases {
		pa := providers.Alias{
			Name: al.name, ARN: f.arn + ":" + al.name, FunctionVersion: al.version,
			Description: al.desc, RevisionID: al.revision,
		}
		if al.extra != "" {
			pa.AdditionalWeights = map[string]float64{al.extra: al.weight}
		}
		d.Aliases = append(d.Aliases, pa)
	}
	for _, p := range c.pcs {
		d.Provisioned = append(d.Provisioned, p.describe(now))
	}
	if f.esm != nil {
		d.EventSources = []providers.EventSourceMapping{f.esm.describe(f, c, now)}
	}
	return d, nil
}

func (p pcConfig) describe(now time.Time) providers.ProvisionedConfig {
	pc := providers.ProvisionedConfig{
		Qualifier: p.qualifier, Requested: p.requested, LastModified: p.at, Status: "IN_PROGRESS",
	}
	pc.Allocated = p.allocated(now)
	switch {
	case now.Before(p.readyAt):
	case p.failed:
		pc.Status, pc.StatusReason = "FAILED", p.reason
	default:
		pc.Status = "READY"
	}
	pc.Available = pc.Allocated
	return pc
}

// esmSettle is how long an event source mapping stays Enabling or
// Disabling after a toggle.
const esmSettle = 4 * time.Second

func (e *esmInfo) describe(f *function, c *fnConfig, now time.Time) providers.EventSourceMapping {
	state := "Enabled"
	switch {
	case c.esmEnabled && now.Before(c.esmAt.Add(esmSettle)):
		state = "Enabling"
	case !c.esmEnabled && now.Before(c.esmAt.Add(esmSettle)):
		state = "Disabling"
	case !c.esmEnabled:
		state = "Disabled"
	}
	return providers.EventSourceMapping{
		UUID: e.uuid, SourceARN: e.arn, SourceKind: e.kind, State: state,
		BatchSize: e.batch, LastResult: "OK", Function: f.arn,
	}
}

// lookup resolves a function by name or ARN (with or without qualifier).
// beginFunction starts a call about one function: the call's own faults
// first, then the function it names.
func (a *Account) beginFunction(ctx context.Context, op, name string) (*function, error) {
	if err := a.begin(ctx, op); err != nil {
		return nil, err
	}
	return a.lookup(op, name)
}

// readLatest starts a read of a function's current configuration: the
// function, that configuration and the clock reading to describe it at.
func (a *Account) readLatest(ctx context.Context, op, name string) (*function, *fnConfig, time.Time, error) {
	f, err := a.beginFunction(ctx, op, name)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	now := a.now()
	a.mu.Lock()
	c := f.tl.latest()
	a.mu.Unlock()
	return f, c, now, nil
}

func (a *Account) lookup(op, name string) (*function, error) {
	n := name
	if strings.HasPrefix(n, "arn:") {
		parts := strings.Split(n, ":")
		if len(parts) >= 7 {
			n = parts[6]
		}
	}
	if f, ok := a.byName[n]; ok {
		return f, nil
	}
	return nil, a.fail(providers.ErrNotFound, op, "Function not found: %sfunction:%s", a.arnPrefix("lambda"), n)
}

// concurrencyLimit is the account's concurrent executions quota. Large
// simulated accounts get a raised quota, as real ones with thousands of
// functions have.
func (a *Account) concurrencyLimit() int { return max(1000, 2*len(a.fns)) }

// AccountSettings reports the concurrency pool and code storage.
func (a *Account) AccountSettings(ctx context.Context) (providers.AccountSettings, error) {
	if err := a.begin(ctx, "Lambda.GetAccountSettings"); err != nil {
		return providers.AccountSettings{}, err
	}
	limit := a.concurrencyLimit()
	a.mu.Lock()
	reserved, size := a.reservedLocked(nil), int64(0)
	for _, f := range a.fns {
		c := f.tl.latest()
		size += c.code.size
		for _, v := range c.versions {
			size += v.code.size
		}
	}
	a.mu.Unlock()
	return providers.AccountSettings{
		ConcurrencyLimit:      limit,
		UnreservedConcurrency: limit - reserved,
		FunctionCount:         len(a.fns),
		CodeSizeUsed:          size,
		CodeSizeLimit:         80530636800,
	}, nil
}

// reservedLocked sums reserved concurrency over all functions but skip.
func (a *Account) reservedLocked(skip *function) int {
	sum := 0
	for _, f := range a.fns {
		if f == skip {
			continue
		}
		if r := f.tl.latest().reserved; r > 0 {
			sum += r
		}
	}
	return sum
}
