package aws_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	awsprov "github.com/virgahq/virga/providers/aws"
)

func TestListProfiles(t *testing.T) {
	dir := t.TempDir()
	cfg, creds := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cfg, "[default]\nregion = us-east-1\n\n[profile prod]\nsso_session = corp\n"+
		"[ profile  dev ]\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://x\n"+
		"[services local]\nlambda =\n  endpoint_url = http://127.0.0.1:4566\n# [profile commented]\n")
	write(creds, "[default]\naws_access_key_id = a\n[ci]\naws_access_key_id = b\n")

	got, err := awsprov.ListProfiles(cfg, creds)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ci", "default", "dev", "prod"}; !slices.Equal(got, want) {
		t.Errorf("ListProfiles = %v, want %v", got, want)
	}

	// Empty paths mean the SDK's: here the empty files TestMain points
	// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at.
	if got, err := awsprov.ListProfiles("", ""); err != nil || len(got) != 0 {
		t.Errorf("ListProfiles with the default files = %v, %v", got, err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfg)
	if got, err := awsprov.ListProfiles("", filepath.Join(dir, "missing")); err != nil || !slices.Equal(got, []string{"default", "dev", "prod"}) {
		t.Errorf("ListProfiles from AWS_CONFIG_FILE = %v, %v", got, err)
	}
}

func TestRegions(t *testing.T) {
	rs := awsprov.Regions()
	if !slices.IsSorted(rs) || len(slices.Compact(slices.Clone(rs))) != len(rs) {
		t.Errorf("regions not sorted and unique: %v", rs)
	}
	for _, r := range []string{"us-east-1", "eu-west-1", "ap-southeast-2", "af-south-1"} {
		if !slices.Contains(rs, r) {
			t.Errorf("%s missing", r)
		}
	}
	rs[0] = "changed"
	if awsprov.Regions()[0] == "changed" {
		t.Error("Regions shares its slice")
	}
}
