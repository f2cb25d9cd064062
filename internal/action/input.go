package action

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
)

// The values people type for a change (the TUI's forms and the CLI's
// flags) are read by the parsers below, one per kind of value, into the
// range the API really accepts. A value out of range is refused with a
// sentence before any plan or confirmation is shown; nothing is ever
// converted into a narrower type that would wrap (4294967296 as an int32
// is 0: a reserved concurrency that throttles every invocation).

// Limits of the values virga changes (Lambda and ECS API references and
// service quotas).
const (
	// MinUnreserved is the concurrency AWS keeps unreserved in every
	// account: reservations may not take the pool below it.
	MinUnreserved = 100
	// MemoryMinMB and MemoryMaxMB bound a function's memory.
	MemoryMinMB, MemoryMaxMB = 128, 10240
	// TimeoutMinSec and TimeoutMaxSec bound a function's timeout.
	TimeoutMinSec, TimeoutMaxSec = 1, 900
	// MaxDesired is ECS's quota of tasks per service, the most a desired
	// count can ask for.
	MaxDesired = 5000
	// maxAPIInt is the largest value of the APIs' 32-bit count fields.
	maxAPIInt = math.MaxInt32
)

// Room is how much concurrency the account has to give, from
// GetAccountSettings. The zero Room (the settings could not be read)
// bounds counts by the API's 32-bit fields only, and AWS judges the rest.
type Room struct {
	Known bool
	// Unreserved is the account's pool not reserved by any function.
	Unreserved int
}

// RoomOf is the Room of an account's settings.
func RoomOf(s providers.AccountSettings) Room {
	return Room{Known: true, Unreserved: s.UnreservedConcurrency}
}

// MaxReserved is the most a function may reserve: the unreserved pool,
// plus what it reserves now (given back when it changes), less the 100
// AWS keeps unreserved.
func (r Room) MaxReserved(current *int) (int, string) {
	if !r.Known {
		return maxAPIInt, ""
	}
	cur := 0
	if current != nil {
		cur = *current
	}
	return max(r.Unreserved+cur-MinUnreserved, 0),
		fmt.Sprintf(" (the account's unreserved pool of %d%s, less the %d AWS keeps unreserved)", r.Unreserved, plusCurrent(cur), MinUnreserved)
}

func plusCurrent(cur int) string {
	if cur == 0 {
		return ""
	}
	return " plus this function's " + strconv.Itoa(cur)
}

// MaxProvisioned is the most provisioned concurrency a qualifier may ask
// for: no more than the function reserves, else no more than the
// unreserved pool less the 100 AWS keeps.
func (r Room) MaxProvisioned(reserved *int) (int, string) {
	if reserved != nil {
		return *reserved, fmt.Sprintf(" (the function reserves %d)", *reserved)
	}
	if !r.Known {
		return maxAPIInt, ""
	}
	return max(r.Unreserved-MinUnreserved, 0),
		fmt.Sprintf(" (the account's unreserved pool of %d, less the %d AWS keeps unreserved)", r.Unreserved, MinUnreserved)
}

// ParseReservedCount reads a reserved concurrency: 0 (every invocation
// throttled) up to what the account's pool allows for this function; or
// a change of the current reservation ("+2", "-1"; from 0 when none).
func ParseReservedCount(s string, room Room, current *int) (int, error) {
	hi, why := room.MaxReserved(current)
	cur := 0
	if current != nil {
		cur = *current
	}
	return parseFrom(s, cur, "reserved concurrency", 0, hi, why)
}

// ParseProvisionedCount reads a provisioned concurrency: 0 removes the
// configuration, else 1 up to what the function or the account allows.
func ParseProvisionedCount(s string, room Room, reserved *int) (int, error) {
	hi, why := room.MaxProvisioned(reserved)
	return parseCount(s, "provisioned concurrency", 0, hi, why)
}

// ParseProvisionedFrom is ParseProvisionedCount that also takes a change
// ("+2", "-1") of the qualifier's current provisioned concurrency.
func ParseProvisionedFrom(s string, room Room, reserved *int, current int) (int, error) {
	hi, why := room.MaxProvisioned(reserved)
	return parseFrom(s, current, "provisioned concurrency", 0, hi, why)
}

// ParseMemoryMB reads a function's memory size in MB.
func ParseMemoryMB(s string) (int, error) {
	return parseCount(s, "memory", MemoryMinMB, MemoryMaxMB, " MB")
}

// ParseMemoryFrom is ParseMemoryMB that also takes a change ("+512",
// "-128") of the current memory.
func ParseMemoryFrom(s string, current int) (int, error) {
	return parseFrom(s, current, "memory", MemoryMinMB, MemoryMaxMB, " MB")
}

// ParseTimeoutSec reads a function's timeout in seconds.
func ParseTimeoutSec(s string) (int, error) {
	return parseCount(s, "timeout", TimeoutMinSec, TimeoutMaxSec, " seconds")
}

// ParseDesired reads a desired count as the user writes it: an absolute
// count ("6") or a change of the current one ("+2", "-1"), giving 0 up to
// ECS's tasks-per-service quota. The TUI form and the CLI's --desired
// share it.
func ParseDesired(s string, current int) (int, error) {
	return parseFrom(s, current, "desired count", 0, MaxDesired, " (ECS runs at most 5000 tasks per service)")
}

// parseFrom reads an absolute count from lo to hi, or a change of
// current ("+2", "-1"). A change that lands out of range is refused with
// the message the value it lands on would get, so "+900" from 10 and
// "910" read the same; a change too large for any count is refused
// before it is added, so nothing overflows.
func parseFrom(s string, current int, what string, lo, hi int, why string) (int, error) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "+") && !strings.HasPrefix(t, "-") {
		return parseCount(t, what, lo, hi, why)
	}
	d, err := strconv.ParseInt(t, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%s %q is not a whole number", what, t)
	}
	if err != nil || d > maxAPIInt || d < -maxAPIInt {
		return 0, fmt.Errorf("%s %s is out of range: use %d to %d%s", what, t, lo, hi, why)
	}
	return parseCount(strconv.FormatInt(int64(current)+d, 10), what, lo, hi, why)
}

// ParseRevision reads a task definition revision, "41" or "family:41".
func ParseRevision(s, family string) (int, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), family+":")
	return parseCount(t, "revision", 1, maxAPIInt, "")
}

// ParseChoice reads the number of one of n listed items, 1 to n.
func ParseChoice(s string, n int) (int, error) {
	return parseCount(s, "choice", 1, n, "")
}

// ParseCanary reads a weighted canary, "VERSION=PERCENT" (5=10: version 5
// gets 10% of the traffic), into the version and its share in Lambda's
// 0..1; the percent is above 0 and below 100.
func ParseCanary(s string) (string, float64, error) {
	t := strings.TrimSpace(s)
	v, p, ok := strings.Cut(t, "=")
	v, p = strings.TrimSpace(v), strings.TrimSuffix(strings.TrimSpace(p), "%")
	if !ok || v == "" || p == "" {
		return "", 0, fmt.Errorf("canary %q: write VERSION=PERCENT, e.g. 5=10", t)
	}
	n, err := parseCount(v, "canary version", 1, maxAPIInt, "")
	if err != nil {
		return "", 0, fmt.Errorf("canary %q: %q is not a published version number", t, v)
	}
	pct, err := strconv.ParseFloat(p, 64)
	share := pct / 100
	// NaN fails every comparison, so it is ruled out first; the share is
	// checked too, since a tiny percent divides down to 0.
	if err != nil || math.IsNaN(pct) || pct <= 0 || pct >= 100 || share <= 0 || share >= 1 {
		return "", 0, fmt.Errorf("canary %q: the percent must be above 0 and below 100", t)
	}
	return strconv.Itoa(n), share, nil
}

// parseCount reads a whole number from lo to hi. what names the value in
// messages; why says where hi comes from.
func parseCount(s, what string, lo, hi int, why string) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("%s: give a number from %d to %d%s", what, lo, hi, why)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%s %q is not a whole number", what, t)
	}
	if err != nil || n < int64(lo) || n > int64(hi) {
		return 0, fmt.Errorf("%s %s is out of range: use %d to %d%s", what, t, lo, hi, why)
	}
	return int(n), nil
}

// Unchanged is the error of a form whose value is the one already set.
func Unchanged(current string) error { return errors.New("already " + current + ": nothing to change") }

// CountChange parses a count typed for a resource whose count is current
// (an absolute or relative value, see parse) and builds its action; the
// count it already has is refused.
func CountChange(typed string, current int, parse func(string, int) (int, error), build func(int) Action) (Action, error) {
	n, err := parse(typed, current)
	if err != nil {
		return Action{}, err
	}
	if n == current {
		return Action{}, Unchanged(strconv.Itoa(n))
	}
	return build(n), nil
}
