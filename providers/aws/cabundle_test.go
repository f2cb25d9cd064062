package aws_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	awsprov "github.com/virgahq/virga/providers/aws"
)

// TestCustomCABundle guards against a provider that cannot load its
// configuration when AWS_CA_BUNDLE is set, as it is on machines behind a
// corporate TLS proxy (and on the machines virga is built on): the SDK
// can only add the bundle to a buildable HTTP client.
func TestCustomCABundle(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "virga test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CA_BUNDLE", path)
	p, err := awsprov.New(context.Background(), awsprov.Config{Region: "us-east-1", AccessKeyID: "a", SecretAccessKey: "b"})
	if err != nil {
		t.Fatalf("New with AWS_CA_BUNDLE: %v", err)
	}
	p.Close()
}
