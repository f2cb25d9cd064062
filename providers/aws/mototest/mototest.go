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
