package shared_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/shared"
)

// capabilities is every interface package providers exports.
// TestCapabilitiesListed keeps it whole: a capability added to providers
// and not here fails that test, so TestViewOffersEveryCapability cannot
// overlook it.
var capabilities = []reflect.Type{
	reflect.TypeFor[providers.IdentityReader](),
	reflect.TypeFor[providers.FunctionLister](),
	reflect.TypeFor[providers.FunctionReader](),
	reflect.TypeFor[providers.FunctionConfigReader](),
	reflect.TypeFor[providers.ReservedConcurrencyReader](),
	reflect.TypeFor[providers.AccountReader](),
	reflect.TypeFor[providers.ClusterLister](),
	reflect.TypeFor[providers.ServiceLister](),
	reflect.TypeFor[providers.TaskLister](),
	reflect.TypeFor[providers.TaskDefinitionReader](),
	reflect.TypeFor[providers.MetricsReader](),
	reflect.TypeFor[providers.LogReader](),
	reflect.TypeFor[providers.LogStreamLister](),
	reflect.TypeFor[providers.LogTailer](),
	reflect.TypeFor[providers.Invoker](),
	reflect.TypeFor[providers.Backend](),
	reflect.TypeFor[providers.FullBackend](),
	reflect.TypeFor[providers.ConcurrencyScaler](),
	reflect.TypeFor[providers.FunctionConfigurer](),
	reflect.TypeFor[providers.FunctionDeployer](),
	reflect.TypeFor[providers.ServiceUpdater](),
	reflect.TypeFor[providers.TaskDefinitionLister](),
	reflect.TypeFor[providers.TaskStopper](),
	reflect.TypeFor[providers.EventSourceToggler](),
	reflect.TypeFor[providers.ReadOnlySetter](),
	reflect.TypeFor[providers.ServiceReader](),
	reflect.TypeFor[providers.TaskReader](),
	reflect.TypeFor[providers.Describer](),
	reflect.TypeFor[providers.Diagnoser](),
	reflect.TypeFor[providers.EKSLister](),
	reflect.TypeFor[providers.PodLister](),
	reflect.TypeFor[providers.PodReader](),
	reflect.TypeFor[providers.NamespaceLister](),
	reflect.TypeFor[providers.DeploymentLister](),
	reflect.TypeFor[providers.KubeEventLister](),
	reflect.TypeFor[providers.FargateLoggingReader](),
	reflect.TypeFor[providers.PodLogStreamer](),
	reflect.TypeFor[providers.PodDeleter](),
	reflect.TypeFor[providers.DeploymentScaler](),
	reflect.TypeFor[providers.DeploymentRestarter](),
	reflect.TypeFor[providers.StatsReader](),
}

// notOnView names the capabilities of the real provider a session's View
// may lack on purpose, each with the reason. None today: the View offers
// even ReadOnlySetter (its own wall, pinned for viewers).
var notOnView = map[string]string{}

// TestViewOffersEveryCapability: whatever the real provider can do, a
// virga serve session can do too. The TUI and the CLI find features by
// asserting capabilities on their backend, so one the View lacks makes a
// feature vanish over SSH without an error.
func TestViewOffersEveryCapability(t *testing.T) {
	real, view := reflect.TypeFor[*awsprov.Provider](), reflect.TypeFor[*shared.View]()
	for _, c := range capabilities {
		if !real.Implements(c) || view.Implements(c) {
			continue
		}
		if why, ok := notOnView[c.Name()]; ok {
			t.Logf("%s: not on the View: %s", c.Name(), why)
			continue
		}
		t.Errorf("*aws.Provider implements providers.%s and *shared.View does not", c.Name())
	}
	for name := range notOnView {
		if !slices.ContainsFunc(capabilities, func(c reflect.Type) bool { return c.Name() == name }) {
			t.Errorf("notOnView names %s, which is not a capability", name)
		}
	}
}

// TestCapabilitiesListed: the list above holds every interface type the
// providers package declares, found in its source.
func TestCapabilitiesListed(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var declared []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join("..", name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if _, ok := ts.Type.(*ast.InterfaceType); ok && ts.Name.IsExported() {
					declared = append(declared, ts.Name.Name)
				}
			}
		}
	}
	if len(declared) == 0 {
		t.Fatal("found no interface in package providers")
	}
	for _, name := range declared {
		if !slices.ContainsFunc(capabilities, func(c reflect.Type) bool { return c.Name() == name }) {
			t.Errorf("providers.%s is not in capabilities: add it, and to the View if the real provider offers it", name)
		}
	}
}
