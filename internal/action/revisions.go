package action

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
)

// Revisions are the revisions of a service's task definition family that
// a rollback may pick from, newest first as ListTaskDefinitions returns
// them. The TUI's rollback form and `virga rollback` both pick with it.
type Revisions struct {
	svc  providers.Service
	list []revision
}

type revision struct {
	n   int
	arn string
}

// NewRevisions reads the revision numbers of arns (the family's task
// definition ARNs, newest first) for service s; an ARN without a number
// is passed over.
func NewRevisions(s providers.Service, arns []string) Revisions {
	r := Revisions{svc: s}
	for _, arn := range arns {
		name := TaskDefName(arn)
		i := strings.LastIndexByte(name, ':')
		n, err := strconv.Atoi(name[i+1:])
		if i < 0 || err != nil {
			continue
		}
		r.list = append(r.list, revision{n: n, arn: arn})
	}
	return r
}

// Len is the number of revisions listed, the current one included.
func (r Revisions) Len() int { return len(r.list) }

// Previous is the newest revision older than the one the service runs,
// the default of a rollback; 0 when there is none.
func (r Revisions) Previous() int {
	for _, v := range r.list {
		if v.n < r.svc.TaskDefRevision {
			return v.n
		}
	}
	return 0
}

// Newest names up to n revisions, newest first, the current one marked.
func (r Revisions) Newest(n int) []string {
	var out []string
	for _, v := range r.list[:min(n, len(r.list))] {
		label := strconv.Itoa(v.n)
		if v.n == r.svc.TaskDefRevision {
			label += " (current)"
		}
		out = append(out, label)
	}
	return out
}

// Rollback is the change to revision n, or for n == 0 to the Previous
// one. It fails with a sentence when the service already runs n or the
// family has no such revision.
func (r Revisions) Rollback(n int) (Action, error) {
	family, current := r.svc.TaskDefFamily, r.svc.TaskDefRevision
	if n == 0 {
		if n = r.Previous(); n == 0 {
			return Action{}, fmt.Errorf("%s has no revision older than %d", family, current)
		}
	}
	if n == current {
		return Action{}, fmt.Errorf("the service already runs revision %d", n)
	}
	for _, v := range r.list {
		if v.n == n {
			return Rollback(r.svc, v.arn), nil
		}
	}
	return Action{}, fmt.Errorf("%s has no revision %d", family, n)
}
