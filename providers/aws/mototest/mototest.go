// Package mototest runs moto (the Python AWS emulator, moto_server on
// PATH) for tests of packages above providers/aws, and seeds it through
// the SDK the way a user's account would be set up.
//
// A missing moto_server fails the test when VIRGA_REQUIRE_MOTO=1 (CI) and
// skips it otherwise.
package mototest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
)

// Start runs moto_server on a free loopback port in its own process
// group, waits until it answers, turns off Docker for Lambda, and kills
// the group when the test ends. It returns the endpoint URL.
func Start(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("moto_server")
	if err != nil {
		const missing = "moto_server not found: pip install 'moto[server]'"
		if os.Getenv("VIRGA_REQUIRE_MOTO") == "1" {
			t.Fatal(missing)
		}
		t.Skip(missing)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	logPath := filepath.Join(t.TempDir(), "moto.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", port)
	cmd.Stdout, cmd.Stderr = logFile, logFile // files: no copying goroutines
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("moto log (last 4 KB):\n%s", b[max(0, len(b)-4096):])
			}
		}
	})
	endpoint := "http://127.0.0.1:" + port
	hc := &http.Client{Timeout: 2 * time.Second}
	defer hc.CloseIdleConnections()
	for deadline := time.Now().Add(60 * time.Second); ; {
		resp, err := hc.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within 60s: %v", endpoint, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := hc.Post(endpoint+"/moto-api/config", "application/json", strings.NewReader(`{"lambda":{"use_docker":false}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return endpoint
}

// Seeder puts resources into a moto through plain SDK clients.
type Seeder struct {
	t      testing.TB
	ctx    context.Context
	iam    *iam.Client
	lambda *lambda.Client
	cw     *cloudwatch.Client
	role   *string
}

// Config is the SDK configuration of plain clients for the moto at
// endpoint: us-east-1, credentials test/test, idle connections closed
// when the test ends.
func Config(t testing.TB, endpoint string) aws.Config {
	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   hc,
	}
}

// CloudWatchJSON sets a CloudWatch client up for moto, which lacks
// CloudWatch's CBOR protocol and gunzips every PutMetricData body,
// compressed or not.
func CloudWatchJSON(o *cloudwatch.Options) {
	o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
	o.DisableRequestCompression = true
}

// HandlerZip is a deployment package with one Python handler.
func HandlerZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(w, "def handler(event, context):\n    return {'ok': True}\n")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// NewSeeder returns a Seeder for the moto at endpoint (see Config).
func NewSeeder(t testing.TB, endpoint string) *Seeder {
	t.Helper()
	cfg := Config(t, endpoint)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return &Seeder{t: t, ctx: ctx,
		iam:    iam.NewFromConfig(cfg),
		lambda: lambda.NewFromConfig(cfg),
		cw:     cloudwatch.NewFromConfig(cfg, CloudWatchJSON),
	}
}

func (s *Seeder) check(what string, err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("seed %s: %v", what, err)
	}
}

// Function creates a Python function with a one-line handler.
func (s *Seeder) Function(name string) {
	s.t.Helper()
	if s.role == nil {
		out, err := s.iam.CreateRole(s.ctx, &iam.CreateRoleInput{
			RoleName: aws.String("virga-mototest"),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
				`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		})
		s.check("role", err)
		s.role = out.Role.Arn
	}
	_, err := s.lambda.CreateFunction(s.ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Runtime: lambdatypes.RuntimePython312, Role: s.role,
		Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: HandlerZip(s.t)},
		MemorySize: aws.Int32(256), Timeout: aws.Int32(30),
	})
	s.check("function "+name, err)
}

// Reserve sets a function's reserved concurrency.
func (s *Seeder) Reserve(name string, n int) {
	s.t.Helper()
	_, err := s.lambda.PutFunctionConcurrency(s.ctx, &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(int32(n)),
	})
	s.check("reserved concurrency of "+name, err)
}

// Metric puts one datum of an AWS/Lambda metric of a function at t.
func (s *Seeder) Metric(function, metric string, at time.Time, value float64, unit cwtypes.StandardUnit) {
	s.t.Helper()
	_, err := s.cw.PutMetricData(s.ctx, &cloudwatch.PutMetricDataInput{
		Namespace: aws.String("AWS/Lambda"),
		MetricData: []cwtypes.MetricDatum{{
			MetricName: aws.String(metric), Timestamp: aws.Time(at), Value: aws.Float64(value), Unit: unit,
			Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(function)}},
		}},
	})
	s.check(metric+" of "+function, err)
}
