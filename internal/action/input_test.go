package action_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/action"
)

// hostileCounts are the values that wrapped at 32 bits, and their
// neighbours.
var hostileCounts = []string{"2147483647", "2147483648", "4294967296", "4294967297", "-1", "0",
	"-2147483649", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
	"", " ", "1e3", "0x10", "1_000", "５", "NaN", "+Inf", "12 3", "3.0", "-0"}

// roomOf900 is an account with 900 of its concurrency unreserved: the
// room the count parsers are checked against.
var roomOf900 = action.Room{Known: true, Unreserved: 900}

// TestParsersRefuseWhatTheAPICannotTake: every parser accepts exactly its
// range and nothing that would not fit the API's 32-bit fields.
func TestParsersRefuseWhatTheAPICannotTake(t *testing.T) {
	ten := 10
	parsers := []struct {
		name   string
		parse  func(string) (int, error)
		lo, hi int
	}{
		{"reserved", func(s string) (int, error) {
			if signed(s) {
				return 0, nil // relative: TestRelativeCounts
			}
			return action.ParseReservedCount(s, roomOf900, &ten)
		}, 0, 810},
		{"reserved, pool unknown", func(s string) (int, error) { return action.ParseReservedCount(s, action.Room{}, nil) }, 0, math.MaxInt32},
		{"provisioned", func(s string) (int, error) { return action.ParseProvisionedCount(s, roomOf900, nil) }, 0, 800},
		{"provisioned under a reservation", func(s string) (int, error) { return action.ParseProvisionedCount(s, roomOf900, &ten) }, 0, 10},
		{"memory", action.ParseMemoryMB, 128, 10240},
		{"timeout", action.ParseTimeoutSec, 1, 900},
		{"desired", func(s string) (int, error) {
			if strings.HasPrefix(strings.TrimSpace(s), "-") || strings.HasPrefix(strings.TrimSpace(s), "+") {
				return 0, nil // relative: TestParseDesiredAndReplicas
			}
			return action.ParseDesired(s, 3)
		}, 0, 5000},
		{"revision", func(s string) (int, error) { return action.ParseRevision(s, "fam") }, 1, math.MaxInt32},
		{"choice", func(s string) (int, error) { return action.ParseChoice(s, 3) }, 1, 3},
	}
	for _, p := range parsers {
		for _, s := range append(hostileCounts, strconv.Itoa(p.lo), strconv.Itoa(p.hi), strconv.Itoa(p.lo-1), strconv.Itoa(p.hi+1)) {
			n, err := p.parse(s)
			if (p.name == "desired" || p.name == "reserved") && signed(s) {
				continue
			}
			want, perr := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			ok := perr == nil && want >= int64(p.lo) && want <= int64(p.hi)
			if (err == nil) != ok || ok && int64(n) != want {
				t.Errorf("%s(%q) = %d, %v; want accepted=%v", p.name, s, n, err, ok)
			}
			if err != nil && (strings.Contains(err.Error(), "\n") || len(err.Error()) < 10) {
				t.Errorf("%s(%q): the error is not a sentence: %q", p.name, s, err)
			}
		}
	}
	_, err := action.ParseReservedCount("4294967296", roomOf900, &ten)
	if err == nil || !strings.Contains(err.Error(), "use 0 to 810") || !strings.Contains(err.Error(), "unreserved pool of 900") {
		t.Errorf("the refusal should give the range and where it comes from: %v", err)
	}
}

// TestParseDesiredAndReplicas: a service's desired count and a
// deployment's replicas are typed absolute or as a change of the current
// one, from 0 up to their quota.
func TestParseDesiredAndReplicas(t *testing.T) {
	parsers := map[string]func(string, int) (int, error){"ParseDesired": action.ParseDesired, "ParseReplicas": action.ParseReplicas}
	for _, c := range []struct {
		parser string
		in     string
		cur    int
		want   int
		ok     bool
	}{
		{"ParseDesired", "6", 3, 6, true}, {"ParseDesired", "+2", 3, 5, true}, {"ParseDesired", "-1", 3, 2, true},
		{"ParseDesired", " 0 ", 3, 0, true}, {"ParseDesired", "-4", 3, 0, false}, {"ParseDesired", "six", 3, 0, false},
		{"ParseDesired", "", 3, 0, false}, {"ParseDesired", "5000", 3, 5000, true}, {"ParseDesired", "5001", 3, 0, false},
		{"ParseDesired", "+1", 5000, 0, false}, {"ParseDesired", "-1", 0, 0, false}, {"ParseDesired", "4294967296", 3, 0, false},
		{"ParseDesired", "+4294967296", 3, 0, false}, {"ParseDesired", "-4294967296", 3, 0, false},
		{"ParseDesired", "+9223372036854775807", 3, 0, false}, {"ParseDesired", "2147483648", 0, 0, false},
		{"ParseReplicas", "3", 1, 3, true}, {"ParseReplicas", "+2", 1, 3, true}, {"ParseReplicas", "-1", 1, 0, true},
		{"ParseReplicas", "-2", 1, 0, false}, {"ParseReplicas", "5000", 0, 5000, true}, {"ParseReplicas", "5001", 0, 0, false},
		{"ParseReplicas", "4294967296", 0, 0, false}, {"ParseReplicas", "x", 0, 0, false}, {"ParseReplicas", "", 0, 0, false},
	} {
		got, err := parsers[c.parser](c.in, c.cur)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("%s(%q, %d) = %d, %v", c.parser, c.in, c.cur, got, err)
		}
	}
}

// TestRelativeCounts: +N and -N change the current value wherever counts
// are typed; a change that lands out of range is refused with the very
// message the value it lands on gets.
func TestRelativeCounts(t *testing.T) {
	ten := 10
	parsers := []struct {
		name  string
		parse func(string) (int, error)
		cur   int
	}{
		{"reserved", func(s string) (int, error) { return action.ParseReservedCount(s, roomOf900, &ten) }, 10},
		{"reserved, none yet", func(s string) (int, error) { return action.ParseReservedCount(s, roomOf900, nil) }, 0},
		{"provisioned", func(s string) (int, error) { return action.ParseProvisionedFrom(s, roomOf900, nil, 6) }, 6},
		{"memory", func(s string) (int, error) { return action.ParseMemoryFrom(s, 1024) }, 1024},
		{"desired", func(s string) (int, error) { return action.ParseDesired(s, 3) }, 3},
		{"replicas", func(s string) (int, error) { return action.ParseReplicas(s, 3) }, 3},
	}
	for _, p := range parsers {
		for _, d := range []int{2, -1, 128, -128, 10_000, -10_000, 4_000_000_000} {
			in := strconv.Itoa(d)
			if d > 0 {
				in = "+" + in
			}
			got, err := p.parse(in)
			if p.cur+d < 0 {
				// Typed as it is, a negative value is a change itself.
				if err == nil || !strings.Contains(err.Error(), strconv.Itoa(p.cur+d)+" is out of range: use") {
					t.Errorf("%s: %q from %d = %d, %v", p.name, in, p.cur, got, err)
				}
				continue
			}
			abs, absErr := p.parse(strconv.Itoa(p.cur + d))
			if (err == nil) != (absErr == nil) || err == nil && got != abs || err != nil && d < 1_000_000_000 && err.Error() != absErr.Error() {
				t.Errorf("%s: %q from %d = %d, %v; %d = %d, %v", p.name, in, p.cur, got, err, p.cur+d, abs, absErr)
			}
			if err != nil && !strings.Contains(err.Error(), "out of range") {
				t.Errorf("%s: %q: %v", p.name, in, err)
			}
		}
		if _, err := p.parse("+two"); err == nil {
			t.Errorf("%s accepted +two", p.name)
		}
	}
}

func TestParseCanary(t *testing.T) {
	for _, c := range []struct {
		in    string
		v     string
		share float64
		ok    bool
	}{
		{"5=10", "5", 0.10, true}, {" 5 = 12.5% ", "5", 0.125, true}, {"5=0", "", 0, false}, {"5=100", "", 0, false},
		{"5=-1", "", 0, false}, {"5=NaN", "", 0, false}, {"5=Inf", "", 0, false}, {"5=2147483648", "", 0, false},
		{"5=4294967296", "", 0, false}, {"4294967296=10", "", 0, false}, {"0=10", "", 0, false}, {"-1=10", "", 0, false},
		{"$LATEST=10", "", 0, false}, {"=10", "", 0, false}, {"5=", "", 0, false}, {"5", "", 0, false},
	} {
		v, share, err := action.ParseCanary(c.in)
		if (err == nil) != c.ok || c.ok && (v != c.v || math.Abs(share-c.share) > 1e-12) {
			t.Errorf("ParseCanary(%q) = %q %v %v", c.in, v, share, err)
		}
	}
}

// The fuzz targets check each parser's promise on any input: what it
// accepts is in range, fits the API's int32 fields, and is the number the
// text says. Run one with, e.g., go test ./action -fuzz FuzzParseReservedCount.

func FuzzParseReservedCount(f *testing.F) {
	for _, s := range hostileCounts {
		f.Add(s, 900, 10)
	}
	f.Fuzz(func(t *testing.T, s string, unreserved, current int) {
		room := action.Room{Known: unreserved >= 0, Unreserved: unreserved % 1_000_000}
		cur := &current
		if current < 0 || current > 1_000_000 {
			cur = nil
		}
		n, err := action.ParseReservedCount(s, room, cur)
		if err != nil {
			return
		}
		hi, _ := room.MaxReserved(cur)
		base := 0
		if cur != nil {
			base = *cur
		}
		checkCountFrom(t, s, n, 0, hi, base, true)
	})
}

func FuzzParseProvisionedCount(f *testing.F) {
	for _, s := range hostileCounts {
		f.Add(s, 900, -1)
	}
	f.Fuzz(func(t *testing.T, s string, unreserved, reserved int) {
		room := action.Room{Known: unreserved >= 0, Unreserved: unreserved % 1_000_000}
		var r *int
		if reserved >= 0 && reserved <= 1_000_000 {
			r = &reserved
		}
		n, err := action.ParseProvisionedCount(s, room, r)
		if err == nil {
			hi, _ := room.MaxProvisioned(r)
			checkCount(t, s, n, 0, hi)
		}
		if n, err := action.ParseProvisionedFrom(s, room, r, 5); err == nil {
			hi, _ := room.MaxProvisioned(r)
			checkCountFrom(t, s, n, 0, hi, 5, true)
		}
	})
}

func FuzzParseMemoryAndTimeout(f *testing.F) {
	for _, s := range hostileCounts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := action.ParseMemoryMB(s); err == nil {
			checkCount(t, s, n, 128, 10240)
		}
		if n, err := action.ParseMemoryFrom(s, 1024); err == nil {
			checkCountFrom(t, s, n, 128, 10240, 1024, true)
		}
		if n, err := action.ParseTimeoutSec(s); err == nil {
			checkCount(t, s, n, 1, 900)
		}
		if n, err := action.ParseRevision(s, "fam"); err == nil {
			checkCount(t, strings.TrimPrefix(strings.TrimSpace(s), "fam:"), n, 1, math.MaxInt32)
		}
	})
}

func FuzzParseDesired(f *testing.F) {
	for _, s := range append(hostileCounts, "+2", "-1", "+4294967296", "-9223372036854775808") {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, current int) {
		if current < 0 || current > action.MaxDesired {
			return
		}
		n, err := action.ParseDesired(s, current)
		if err == nil && (n < 0 || n > action.MaxDesired) {
			t.Fatalf("ParseDesired(%q, %d) = %d, outside 0..%d", s, current, n, action.MaxDesired)
		}
	})
}

func FuzzParseCanary(f *testing.F) {
	for _, s := range []string{"5=10", "5=NaN", "5=Inf", "5=-1", "4294967296=10", "5=1e-320", "=", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, share, err := action.ParseCanary(s)
		if err != nil {
			return
		}
		if math.IsNaN(share) || share <= 0 || share >= 1 {
			t.Fatalf("ParseCanary(%q) share %v outside (0, 1)", s, share)
		}
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > math.MaxInt32 || strconv.Itoa(n) != v {
			t.Fatalf("ParseCanary(%q) version %q is not a version number as Lambda writes it", s, v)
		}
	})
}

// checkCount fails unless n is in [lo, hi], fits an int32 and is what s
// says in decimal.
func checkCount(t *testing.T, s string, n, lo, hi int) {
	t.Helper()
	checkCountFrom(t, s, n, lo, hi, 0, false)
}

// checkCountFrom is checkCount for a parser that also reads changes
// ("+2", "-1") of current.
func checkCountFrom(t *testing.T, s string, n, lo, hi, current int, relative bool) {
	t.Helper()
	if n < lo || n > hi || n > math.MaxInt32 || n < math.MinInt32 {
		t.Fatalf("%q gave %d, outside %d..%d", s, n, lo, hi)
	}
	want, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if relative && signed(s) {
		want += int64(current)
	}
	if err != nil || want != int64(n) {
		t.Fatalf("%q gave %d", s, n)
	}
}

func signed(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+")
}

// TestCountChange: a typed count, absolute or relative, builds the action
// with the new count; the current count and a bad value are refused.
func TestCountChange(t *testing.T) {
	built := -1
	build := func(n int) action.Action { built = n; return action.Action{Title: "scale"} }
	if a, err := action.CountChange("+2", 3, action.ParseDesired, build); err != nil || built != 5 || a.Title != "scale" {
		t.Fatalf("+2 from 3: built %d, %v", built, err)
	}
	built = -1
	if _, err := action.CountChange("3", 3, action.ParseDesired, build); err == nil || built != -1 || !strings.Contains(err.Error(), "already 3: nothing to change") {
		t.Fatalf("the current count: %v (built %d)", err, built)
	}
	if _, err := action.CountChange("many", 3, action.ParseReplicas, build); err == nil || built != -1 {
		t.Fatalf("a bad count: %v (built %d)", err, built)
	}
}
