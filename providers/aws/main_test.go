package aws_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain isolates the tests from the machine's AWS setup (no home
// config, no IMDS probe, no stray endpoint or credentials variables) and
// checks that no goroutine outlives them.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "virga-aws-test")
	if err != nil {
		panic(err)
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") {
			os.Unsetenv(k)
		}
	}
	cfgFile, credFile := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	for _, f := range []string{cfgFile, credFile} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			panic(err)
		}
	}
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Setenv("AWS_CONFIG_FILE", cfgFile)
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", credFile)
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		os.RemoveAll(dir)
		os.Exit(code)
	}))
}
