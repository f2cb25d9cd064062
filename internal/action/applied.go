package action

import (
	"errors"
	"fmt"
	"sort"

	"github.com/virgahq/virga/providers"
)

// MismatchError says the call went through but AWS answered another value
// than the one asked for: what changed is not what was meant. The
// journal, the status line and the CLI's exit code all report it.
type MismatchError struct {
	What, Asked, Answered string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("AWS answered %s %s, not the %s asked for: check the resource", e.What, e.Answered, e.Asked)
}

// IsMismatch reports whether err is a MismatchError: the change was made,
// with another value.
func IsMismatch(err error) bool {
	var m *MismatchError
	return errors.As(err, &m)
}

// appliedNames names the values of Receipt.Applied for people.
var appliedNames = map[string]string{
	providers.AppliedReserved:       "reserved concurrency",
	providers.AppliedProvisioned:    "provisioned concurrency",
	providers.AppliedMemoryMB:       "memory",
	providers.AppliedTimeoutSec:     "timeout",
	providers.AppliedDesired:        "desired count",
	providers.AppliedVersion:        "version",
	providers.AppliedTaskDefinition: "task definition",
}

// check compares what the response says the changed values are with what
// was asked, for the values the response carries.
func (a Action) check(r providers.Receipt) error {
	keys := make([]string, 0, len(a.expect))
	for k := range a.expect {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		got, ok := r.Applied[k]
		if !ok {
			continue
		}
		want := a.expect[k]
		if k == providers.AppliedTaskDefinition {
			// Asked by ARN or family:revision; answered by ARN.
			got, want = TaskDefName(got), TaskDefName(want)
		}
		if got != want {
			return &MismatchError{What: appliedNames[k], Asked: want, Answered: got}
		}
	}
	return nil
}
