package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/buildinfo"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// wireFlags are flags whose backend is a simulated account with a fixed
// clock, reached over the AWS wire protocols like --demo, so outputs are
// the same on every run.
func wireFlags(t *testing.T) (*flags, *sim.Account) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	acct := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return t0 }})
	srv, err := server.Start(acct)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := &flags{configPath: filepath.Join(dir, "config.yaml"), log: discardLog()}
	f.open = func(ctx context.Context, _ *flags) (*backend, error) {
		p, err := awsprov.New(ctx, awsprov.Config{Region: "us-east-1", EndpointURL: srv.URL(), AccessKeyID: demoKeys,
			SecretAccessKey: demoKeys, NoKubeconfig: true})
		if err != nil {
			return nil, err
		}
		return &backend{backend: p, now: func() time.Time { return t0 }, profile: "demo", close: p.Close}, nil
	}
	return f, acct
}

// runCmd runs one subcommand built on f and returns its stdout.
func runCmd(t *testing.T, cmd *cobra.Command, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(t.Context())
	return out.String(), err
}

func getOut(t *testing.T, f *flags, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if _, err := runCmd(t, newGetCmd(f, &out), args...); err != nil {
		t.Fatalf("get %s: %v", strings.Join(args, " "), err)
	}
	return out.String()
}

// jsonForms are the get command lines of every resource kind, each with
// -o json added.
func jsonForms(t *testing.T, acct *sim.Account) map[string][]string {
	tasks, err := acct.ListTasks(t.Context(), "prod-api", "catalog-api")
	if err != nil || len(tasks) == 0 {
		t.Fatalf("no task to read: %v", err)
	}
	return map[string][]string{
		"functions":         {"functions"},
		"functions-metrics": {"functions", "--metrics"},
		"function":          {"function", "checkout-api"},
		"clusters":          {"clusters"},
		"cluster":           {"cluster", "prod-api"},
		"services":          {"services", "--cluster", "prod-api"},
		"service":           {"service", "catalog-api", "--cluster", "prod-api"},
		"tasks":             {"tasks", "--cluster", "prod-api", "--service", "catalog-api"},
		"task":              {"task", tasks[0].ID[:8], "--cluster", "prod-api"},
		"eks-clusters":      {"eks-clusters"},
		"fargate-profiles":  {"fargate-profiles"},
		"pods":              {"pods"},
	}
}

// TestGetJSONGolden keeps the JSON of every resource kind: the documented
// schema, reviewed as a diff when it changes.
func TestGetJSONGolden(t *testing.T) {
	f, acct := wireFlags(t)
	for name, args := range jsonForms(t, acct) {
		t.Run(name, func(t *testing.T) {
			out := getOut(t, f, append(args, "-o", "json")...)
			if !json.Valid([]byte(out)) {
				t.Fatalf("not JSON:\n%.400s", out)
			}
			// The simulated EKS clusters' API servers listen on a free port.
			golden.RequireEqual(t, loopbackPort.ReplaceAllString(out, "127.0.0.1:PORT"))
		})
	}
}

var loopbackPort = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// camel is lowerCamelCase with acronyms written as words (arn, codeSha256,
// imageUri), the README's rule.
var camel = regexp.MustCompile(`^[a-z][a-z0-9]*([A-Z][a-z0-9]+)*$`)

// TestEveryJSONKeyIsLowerCamelCase walks every key of every resource
// kind's JSON (and of the version and doctor documents). Keys inside maps
// that hold AWS data (tags, log options, labels, canary weights) are the
// account's own and are not checked.
func TestEveryJSONKeyIsLowerCamelCase(t *testing.T) {
	f, acct := wireFlags(t)
	docs := map[string]string{}
	for name, args := range jsonForms(t, acct) {
		docs[name] = getOut(t, f, append(args, "-o", "json")...)
	}
	var out bytes.Buffer
	if _, err := runCmd(t, newVersionCmd(&out), "-o", "json"); err != nil {
		t.Fatal(err)
	}
	docs["version"] = out.String()
	out.Reset()
	if _, err := runCmd(t, newDoctorCmd(f, &out), "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	docs["doctor"] = out.String()
	dataMaps := map[string]bool{"tags": true, "logOptions": true, "labels": true, "additionalVersionWeights": true}
	for name, doc := range docs {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		keys := 0
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, child := range x {
					keys++
					if !camel.MatchString(k) {
						t.Errorf("%s: key %s.%s is not lowerCamelCase", name, path, k)
					}
					if !dataMaps[k] {
						walk(path+"."+k, child)
					}
				}
			case []any:
				for _, child := range x {
					walk(path+"[]", child)
				}
			}
		}
		walk(name, v)
		if keys < 3 {
			t.Errorf("%s: only %d keys", name, keys)
		}
	}
}

// TestOutputTypesTagEveryField: every field of every type printed as JSON
// names its key explicitly, so the schema never falls back to a Go field
// name, and no time is printed as 0001-01-01.
func TestOutputTypesTagEveryField(t *testing.T) {
	roots := []any{functionOut{}, functionDetailOut{}, providers.Cluster{}, providers.Service{}, providers.Task{},
		providers.TaskDefinition{}, providers.EKSCluster{}, providers.FargateProfile{}, podOut{}, buildinfo.Info{}, doctorReport{}}
	seen := map[reflect.Type]bool{}
	var check func(typ reflect.Type)
	check = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ == reflect.TypeOf(time.Time{}) {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			fl := typ.Field(i)
			if !fl.IsExported() {
				continue
			}
			tag, ok := fl.Tag.Lookup("json")
			if fl.Anonymous && !ok {
				check(fl.Type)
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			switch {
			case !ok || name == "":
				t.Errorf("%s.%s has no JSON name", typ, fl.Name)
			case name != "-" && !camel.MatchString(name):
				t.Errorf("%s.%s: %q is not lowerCamelCase", typ, fl.Name, name)
			case fl.Type == reflect.TypeOf(time.Time{}) && !strings.Contains(opts, "omitzero"):
				t.Errorf("%s.%s: a time without omitzero prints 0001-01-01", typ, fl.Name)
			}
			check(fl.Type)
		}
	}
	for _, r := range roots {
		check(reflect.TypeOf(r))
	}
}

// TestMaskedBesideMaskedValues: environment values are masked and say
// so, unless --show-secrets; the table and YAML agree with the JSON.
func TestMaskedBesideMaskedValues(t *testing.T) {
	f, _ := wireFlags(t)
	var d struct {
		Environment []providers.EnvVar `json:"environment"`
	}
	if err := json.Unmarshal([]byte(getOut(t, f, "function", "checkout-api", "-o", "json")), &d); err != nil || len(d.Environment) == 0 {
		t.Fatalf("no environment: %v", err)
	}
	for _, e := range d.Environment {
		if !e.Masked || e.Value != "••••••••" {
			t.Errorf("%+v is not masked", e)
		}
	}
	d.Environment = nil
	if err := json.Unmarshal([]byte(getOut(t, f, "function", "checkout-api", "-o", "json", "--show-secrets")), &d); err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Environment {
		if e.Masked || e.Value == "••••••••" {
			t.Errorf("%+v is masked under --show-secrets", e)
		}
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal([]byte(getOut(t, f, "service", "catalog-api", "--cluster", "prod-api", "-o", "json")), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(getOut(t, f, "service", "catalog-api", "--cluster", "prod-api", "-o", "yaml")), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalise(fromJSON), normalise(fromYAML)) {
		t.Errorf("YAML and JSON differ:\n%v\n%v", fromJSON, fromYAML)
	}
}

// normalise makes numbers comparable across the JSON and YAML decoders.
func normalise(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// TestYAMLEscapesWhatATerminalActsOn: strings from AWS holding escape
// sequences are double-quoted with escapes, so the YAML carries the same
// data and nothing raw.
func TestYAMLEscapesWhatATerminalActsOn(t *testing.T) {
	var b bytes.Buffer
	in := map[string]any{"message": "boom\x1b]52;c;aGk=\x07 \u009b31m \u202eevil", "lines": "one\ntwo", "plain": "ok", "tags": map[string]string{"k\x1b[2J": "v"}}
	if err := writeYAML(&b, in); err != nil {
		t.Fatal(err)
	}
	for _, r := range b.String() {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
			t.Fatalf("raw %U in\n%s", r, b.String())
		}
	}
	var back map[string]any
	if err := yaml.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalise(back), normalise(in)) {
		t.Fatalf("data changed:\n%q\n%q", back, in)
	}
}

// TestGetName prints one name a line for xargs.
func TestGetName(t *testing.T) {
	f, acct := wireFlags(t)
	out := getOut(t, f, "services", "--cluster", "prod-api", "-o", "name")
	svcs, _ := acct.ListServices(t.Context(), "prod-api")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(svcs) || strings.ContainsAny(out, " \t") {
		t.Fatalf("%d lines for %d services:\n%s", len(lines), len(svcs), out)
	}
	for i, s := range svcs {
		if lines[i] != s.Name {
			t.Errorf("line %d: %q, want %q", i, lines[i], s.Name)
		}
	}
}
