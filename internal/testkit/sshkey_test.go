package testkit_test

import (
	"bytes"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestSSHKeysAreFreshEd25519: each call is a new ed25519 identity.
func TestSSHKeysAreFreshEd25519(t *testing.T) {
	a, b := testkit.SSHKey(t).PublicKey(), testkit.SSHKey(t).PublicKey()
	if a.Type() != "ssh-ed25519" || bytes.Equal(a.Marshal(), b.Marshal()) {
		t.Errorf("keys %s and %s: want two different ssh-ed25519 keys", a.Type(), b.Type())
	}
}
