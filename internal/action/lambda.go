package action

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// Unreserved is how a function without reserved concurrency is written in
// Before and After (and in the journal, so a kill switch can be restored).
const Unreserved = "unreserved"

// ReservedString writes a reserved concurrency for Before/After.
func ReservedString(n *int) string {
	if n == nil {
		return Unreserved
	}
	return strconv.Itoa(*n)
}

// ParseReserved reads what ReservedString wrote (a journal's before
// value), bounded like every count the API takes.
func ParseReserved(s string) (*int, error) {
	if s == Unreserved {
		return nil, nil
	}
	n, err := parseCount(s, "reserved concurrency", 0, maxAPIInt, "")
	if err != nil {
		return nil, err
	}
	return &n, nil
}

func fnResource(name string) Resource { return Resource{Type: "function", Function: name} }

func receipt(r providers.Receipt, err error) (Outcome, error) { return Outcome{Receipt: r}, err }

// revertReserved restores a reserved concurrency written by ReservedString.
func revertReserved(fn, before string) func(providers.Receipt) []string {
	return func(providers.Receipt) []string {
		if before == Unreserved {
			return []string{"virga", "scale", "function", fn, "--unreserved"}
		}
		return []string{"virga", "scale", "function", fn, "--reserved", before}
	}
}

// SetReserved reserves n concurrent executions for a function; 0 throttles
// every invocation and is destructive.
func SetReserved(fn string, before *int, n int) Action {
	a := Action{
		Kind: ReservedSet, Title: "Set reserved concurrency", Resource: fnResource(fn),
		Change: "reserved concurrency", Before: ReservedString(before), After: strconv.Itoa(n),
		Destructive: n == 0,
		Params:      map[string]string{"reserved_concurrent_executions": strconv.Itoa(n)},
		args:        []string{"lambda", "put-function-concurrency", "--function-name", fn, "--reserved-concurrent-executions", strconv.Itoa(n)},
		revert:      revertReserved(fn, ReservedString(before)),
		needs:       can[providers.ConcurrencyScaler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ConcurrencyScaler).PutReservedConcurrency(ctx, fn, n))
		},
		expect: map[string]string{providers.AppliedReserved: strconv.Itoa(n)},
		watch:  watchSpec{target: WatchFunction},
	}
	if n == 0 {
		a.Note = "every invocation will be throttled"
	}
	return a
}

// RemoveReserved returns a function to the account's unreserved pool.
func RemoveReserved(fn string, before *int) Action {
	return Action{
		Kind: ReservedRemove, Title: "Remove reserved concurrency", Resource: fnResource(fn),
		Change: "reserved concurrency", Before: ReservedString(before), After: Unreserved,
		Note:   "the function shares the account's unreserved pool",
		args:   []string{"lambda", "delete-function-concurrency", "--function-name", fn},
		revert: revertReserved(fn, ReservedString(before)),
		needs:  can[providers.ConcurrencyScaler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ConcurrencyScaler).DeleteReservedConcurrency(ctx, fn))
		},
		watch: watchSpec{target: WatchFunction},
	}
}

// Kill sets reserved concurrency to 0, the fastest way to stop a runaway
// function; the journal keeps the previous value so Restore can put it
// back.
func Kill(fn string, before *int) Action {
	a := SetReserved(fn, before, 0)
	a.Kind, a.Title = KillSwitch, "Kill switch"
	a.Note = "every invocation will be throttled until restored"
	return a
}

// Restore undoes a kill switch: the reserved concurrency goes back to what
// it was (a number, or unreserved).
func Restore(fn string, previous string) (Action, error) {
	prev, err := ParseReserved(previous)
	if err != nil {
		return Action{}, err
	}
	zero := 0
	var a Action
	if prev == nil {
		a = RemoveReserved(fn, &zero)
	} else {
		a = SetReserved(fn, &zero, *prev)
	}
	a.Kind, a.Title = KillSwitchRestore, "Restore after kill switch"
	a.Note = "invocations run again"
	return a, nil
}

// ProvisionedString writes a provisioned concurrency config for Before.
func ProvisionedString(p *providers.ProvisionedConfig) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%d (%s)", p.Requested, p.Status)
}

// SetProvisioned requests n provisioned environments on an alias or
// version; allocation takes minutes.
func SetProvisioned(fn, qualifier string, before *providers.ProvisionedConfig, n int) Action {
	return Action{
		Kind: ProvisionedSet, Title: "Set provisioned concurrency",
		Resource: Resource{Type: "function", Function: fn, Qualifier: qualifier},
		Change:   "provisioned concurrency", Before: ProvisionedString(before), After: strconv.Itoa(n),
		Note:   "allocation takes a few minutes; billed while configured",
		Params: map[string]string{"qualifier": qualifier, "provisioned_concurrent_executions": strconv.Itoa(n)},
		args: []string{"lambda", "put-provisioned-concurrency-config", "--function-name", fn, "--qualifier", qualifier,
			"--provisioned-concurrent-executions", strconv.Itoa(n)},
		revert: func(providers.Receipt) []string {
			if before == nil {
				return []string{"aws", "lambda", "delete-provisioned-concurrency-config", "--function-name", fn, "--qualifier", qualifier}
			}
			return []string{"virga", "scale", "function", fn, "--provisioned", strconv.Itoa(before.Requested), "--qualifier", qualifier}
		},
		needs: can[providers.ConcurrencyScaler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ConcurrencyScaler).PutProvisionedConcurrency(ctx, fn, qualifier, n))
		},
		expect: map[string]string{providers.AppliedProvisioned: strconv.Itoa(n)},
		watch:  watchSpec{target: WatchFunction, until: untilProvisioned},
	}
}

// RemoveProvisioned deletes the provisioned concurrency of a qualifier.
func RemoveProvisioned(fn, qualifier string, before *providers.ProvisionedConfig) Action {
	return Action{
		Kind: ProvisionedRemove, Title: "Remove provisioned concurrency",
		Resource: Resource{Type: "function", Function: fn, Qualifier: qualifier},
		Change:   "provisioned concurrency", Before: ProvisionedString(before), After: "none",
		Note:   "invocations of " + qualifier + " may start cold",
		Params: map[string]string{"qualifier": qualifier},
		args:   []string{"lambda", "delete-provisioned-concurrency-config", "--function-name", fn, "--qualifier", qualifier},
		revert: func(providers.Receipt) []string {
			if before == nil {
				return nil
			}
			return []string{"virga", "scale", "function", fn, "--provisioned", strconv.Itoa(before.Requested), "--qualifier", qualifier}
		},
		needs: can[providers.ConcurrencyScaler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ConcurrencyScaler).DeleteProvisionedConcurrency(ctx, fn, qualifier))
		},
		watch: watchSpec{target: WatchFunction, until: untilProvisionedGone},
	}
}

// Configure changes memory and/or timeout (nil leaves a value). The
// function is InProgress until the update completes.
func Configure(fn providers.Function, memoryMB, timeoutSec *int) Action {
	var before, after []string
	params, expect := map[string]string{}, map[string]string{}
	args := []string{"lambda", "update-function-configuration", "--function-name", fn.Name}
	rev := []string{"virga", "scale", "function", fn.Name}
	// Memory and timeout are described, sent, checked and reverted alike;
	// only their names differ.
	for _, set := range []struct {
		to                                              *int
		from                                            int
		label, unit, param, applied, awsFlag, virgaFlag string
	}{
		{memoryMB, fn.MemoryMB, "memory", "MB", "memory_size", providers.AppliedMemoryMB, "--memory-size", "--memory"},
		{timeoutSec, fn.TimeoutSec, "timeout", "s", "timeout", providers.AppliedTimeoutSec, "--timeout", "--function-timeout"},
	} {
		if set.to == nil {
			continue
		}
		to, from := strconv.Itoa(*set.to), strconv.Itoa(set.from)
		before = append(before, set.label+" "+from+" "+set.unit)
		after = append(after, set.label+" "+to+" "+set.unit)
		params[set.param] = to
		expect[set.applied] = to
		args = append(args, set.awsFlag, to)
		rev = append(rev, set.virgaFlag, from)
	}
	u := providers.FunctionConfigUpdate{MemoryMB: memoryMB, TimeoutSec: timeoutSec}
	name := fn.Name
	return Action{
		Kind: Configuration, Title: "Update configuration", Resource: fnResource(name),
		Change: "configuration", Before: strings.Join(before, ", "), After: strings.Join(after, ", "),
		Note:   "running environments are replaced (cold starts follow)",
		Params: params, args: args,
		revert: func(providers.Receipt) []string { return rev },
		needs:  can[providers.FunctionConfigurer],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.FunctionConfigurer).UpdateFunctionConfiguration(ctx, name, u))
		},
		expect: expect,
		watch:  watchSpec{target: WatchFunction, until: untilUpdated},
	}
}

// PublishVersion snapshots $LATEST as a new version.
func PublishVersion(fn string, latest, description string) Action {
	args := []string{"lambda", "publish-version", "--function-name", fn}
	params := map[string]string{}
	if description != "" {
		args = append(args, "--description", description)
		params["description"] = description
	}
	before := "latest version " + latest
	if latest == "" {
		before = "no published version"
	}
	return Action{
		Kind: Publish, Title: "Publish version", Resource: fnResource(fn),
		Change: "versions", Before: before, After: "a new version of $LATEST",
		Note:   "unchanged code and configuration return the latest version instead",
		Params: params, args: args,
		revert: func(r providers.Receipt) []string {
			if r.Result == "" || r.Result == latest {
				return nil
			}
			return []string{"aws", "lambda", "delete-function", "--function-name", fn, "--qualifier", r.Result}
		},
		needs: can[providers.FunctionDeployer],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.FunctionDeployer).PublishVersion(ctx, fn, description))
		},
		watch: watchSpec{target: WatchFunction},
	}
}

// AliasString writes an alias's routing: "v4" or "v4 90% + v5 10%".
func AliasString(version string, weights map[string]float64) string {
	if len(weights) == 0 {
		return "v" + version
	}
	primary := 1.0
	keys := make([]string, 0, len(weights))
	for k, w := range weights {
		keys = append(keys, k)
		primary -= w
	}
	sort.Strings(keys)
	s := "v" + version + " " + pct(primary)
	for _, k := range keys {
		s += " + v" + k + " " + pct(weights[k])
	}
	return s
}

func pct(w float64) string {
	return strconv.FormatFloat(math.Round(w*10000)/100, 'f', -1, 64) + "%"
}

// weightArgs writes weights as virga's --weight V=PERCENT flags.
func weightArgs(weights map[string]float64) []string {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, "--weight", k+"="+strings.TrimSuffix(pct(weights[k]), "%"))
	}
	return out
}

func routingConfig(weights map[string]float64) string {
	if weights == nil {
		weights = map[string]float64{}
	}
	b, _ := json.Marshal(map[string]any{"AdditionalVersionWeights": weights})
	return string(b)
}

// UpdateAlias points an alias at a version, with weights (version -> share
// in 0..1) for a canary; nil weights send all traffic to version.
func UpdateAlias(fn string, before providers.Alias, version string, weights map[string]float64) Action {
	args := []string{"lambda", "update-alias", "--function-name", fn, "--name", before.Name, "--function-version", version,
		"--routing-config", routingConfig(weights)}
	params := map[string]string{"function_version": version}
	if len(weights) > 0 {
		params["routing_config"] = routingConfig(weights)
	}
	return Action{
		Kind: AliasUpdate, Title: "Update alias",
		Resource: Resource{Type: "alias", Function: fn, Qualifier: before.Name},
		Change:   "routing", Before: AliasString(before.FunctionVersion, before.AdditionalWeights), After: AliasString(version, weights),
		Note:   "traffic follows within seconds",
		Params: params, args: args,
		revert: func(providers.Receipt) []string {
			return append([]string{"virga", "alias", fn, before.Name, "--function-version", before.FunctionVersion}, weightArgs(before.AdditionalWeights)...)
		},
		needs: can[providers.FunctionDeployer],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.FunctionDeployer).UpdateAlias(ctx, fn, before.Name, version, weights))
		},
		expect: map[string]string{providers.AppliedVersion: version},
		watch:  watchSpec{target: WatchFunction},
	}
}

// RollbackAlias ends a canary in one step: every request goes to the
// alias's primary version again.
func RollbackAlias(fn string, before providers.Alias) Action {
	a := UpdateAlias(fn, before, before.FunctionVersion, nil)
	a.Kind, a.Title, a.Destructive = AliasRollback, "Roll back alias", true
	a.Note = "the canary version gets no more traffic"
	return a
}

// UpdateCode deploys new code to $LATEST from an image or an S3 object.
// beforeImage is the current image URI of an image function.
func UpdateCode(fn, beforeImage, beforeSHA string, code providers.CodeSource) Action {
	args := []string{"lambda", "update-function-code", "--function-name", fn}
	after := ""
	params := map[string]string{}
	if code.ImageURI != "" {
		args = append(args, "--image-uri", code.ImageURI)
		after, params["image_uri"] = code.ImageURI, code.ImageURI
	} else {
		args = append(args, "--s3-bucket", code.S3Bucket, "--s3-key", code.S3Key)
		after = "s3://" + code.S3Bucket + "/" + code.S3Key
		params["s3_bucket"], params["s3_key"] = code.S3Bucket, code.S3Key
	}
	before := beforeImage
	if before == "" {
		before = "code sha256 " + shortSHA(beforeSHA)
	}
	a := Action{
		Kind: CodeUpdate, Title: "Update code", Resource: fnResource(fn),
		Change: "code of $LATEST", Before: before, After: after,
		Note:   "aliases and versions keep their code; publish a version to ship it",
		Params: params, args: args,
		needs: can[providers.FunctionDeployer],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.FunctionDeployer).UpdateFunctionCode(ctx, fn, code))
		},
		watch: watchSpec{target: WatchFunction, until: untilUpdated},
	}
	if beforeImage != "" {
		a.revert = func(providers.Receipt) []string {
			return []string{"aws", "lambda", "update-function-code", "--function-name", fn, "--image-uri", beforeImage}
		}
	} else {
		a.NoRevert = "the previous package's S3 location is not known; point an alias back at a published version"
	}
	return a
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	if s == "" {
		return "unknown"
	}
	return s
}

// SetEventSource enables or disables an event source mapping. Disabling
// is the fastest way to stop a poison-message loop, and destructive:
// messages wait in the source.
func SetEventSource(fn string, m providers.EventSourceMapping, enabled bool) Action {
	a := Action{
		Kind: EventSourceEnable, Title: "Enable event source",
		Resource: Resource{Type: "event source mapping", Function: fn, UUID: m.UUID, Source: m.SourceARN},
		Change:   "state", Before: m.State, After: "Enabled",
		Note:   "the function receives " + m.SourceKind + " batches again",
		Params: map[string]string{"uuid": m.UUID, "enabled": strconv.FormatBool(enabled)},
		args:   []string{"lambda", "update-event-source-mapping", "--uuid", m.UUID, "--enabled"},
		revert: func(providers.Receipt) []string {
			return []string{"aws", "lambda", "update-event-source-mapping", "--uuid", m.UUID, "--no-enabled"}
		},
		needs: can[providers.EventSourceToggler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.EventSourceToggler).SetEventSourceEnabled(ctx, m.UUID, enabled))
		},
		watch: watchSpec{target: WatchFunction, until: untilMapping},
	}
	if !enabled {
		a.Kind, a.Title, a.After, a.Destructive = EventSourceDisable, "Disable event source", "Disabled", true
		a.Note = "new " + m.SourceKind + " records wait in the source until it is enabled again"
		a.args[len(a.args)-1] = "--no-enabled"
		a.revert = func(providers.Receipt) []string {
			return []string{"aws", "lambda", "update-event-source-mapping", "--uuid", m.UUID, "--enabled"}
		}
	}
	return a
}

// maxJournalPayload is how much of a payload the journal keeps.
const maxJournalPayload = 1024

// InvokeFunction invokes a function once. The payload has been checked by
// the caller (invoke.Check); Run sends it as it is.
func InvokeFunction(req providers.InvokeRequest) Action {
	if req.Type == "" {
		req.Type = providers.InvokeSync
	}
	if req.Type == providers.InvokeSync {
		req.Tail = true
	}
	sum := sha256.Sum256(req.Payload)
	params := map[string]string{
		"invocation_type": string(req.Type),
		"payload_bytes":   strconv.Itoa(len(req.Payload)),
		"payload_sha256":  hex.EncodeToString(sum[:]),
	}
	if len(req.Payload) <= maxJournalPayload {
		params["payload"] = string(req.Payload)
	}
	args := []string{"lambda", "invoke", "--function-name", req.Function}
	if req.Qualifier != "" {
		args = append(args, "--qualifier", req.Qualifier)
		params["qualifier"] = req.Qualifier
	}
	args = append(args, "--invocation-type", string(req.Type))
	if req.Tail {
		args = append(args, "--log-type", "Tail")
	}
	// The command carries the payload inline when it is small, compacted
	// when it is JSON, else names a file; the journal's copy masks it.
	logged := append([]string(nil), args...)
	if len(req.Payload) > 0 {
		args = append(args, "--cli-binary-format", "raw-in-base64-out")
		logged = append(logged, "--cli-binary-format", "raw-in-base64-out")
		inline := string(req.Payload)
		var b bytes.Buffer
		if json.Compact(&b, req.Payload) == nil {
			inline = b.String()
		}
		if len(inline) <= maxJournalPayload && !strings.ContainsAny(inline, "\x00\n") {
			args = append(args, "--payload", inline)
			logged = append(logged, "--payload", journal.MaskJSON([]byte(inline)))
		} else {
			args = append(args, "--payload", "file://payload.json")
			logged = append(logged, "--payload", "file://payload.json")
		}
	}
	args = append(args, "response.json")
	logged = append(logged, "response.json")
	r := Resource{Type: "function", Function: req.Function, Qualifier: req.Qualifier}
	after := string(req.Type) + " with a " + invoke.FormatSize(len(req.Payload)) + " payload"
	note := "runs the function: it may change data"
	if req.Type == providers.InvokeDryRun {
		note = "checks permissions and parameters; the function does not run"
	}
	rq := req
	return Action{
		Kind: Invoke, Title: "Invoke", Resource: r, Change: "invocation", After: after,
		Note: note, Params: params, args: args, journalArgs: logged, invoke: &rq,
		NoRevert: "an invocation cannot be undone",
		needs:    can[providers.Invoker],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			res, err := b.(providers.Invoker).Invoke(ctx, rq)
			if err != nil {
				return Outcome{}, err
			}
			return Outcome{Receipt: providers.Receipt{RequestID: res.RequestID}, Invoke: &res}, nil
		},
	}
}
