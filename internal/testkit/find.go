package testkit

import "testing"

// Find is the first item of a listing that match accepts: a test reads a
// list call's answer for the one resource it follows. It fails the test
// when the call failed (err) or no item matches; what names the item in
// that message ("service prod-api/catalog-api").
func Find[T any](t testing.TB, what string, items []T, err error, match func(T) bool) T {
	t.Helper()
	if err != nil {
		t.Fatalf("listing for %s: %v", what, err)
	}
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	t.Fatalf("%s is not among the %d listed", what, len(items))
	var zero T
	return zero
}
