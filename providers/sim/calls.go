package sim

// mutatingOps are the operations that change the account, Invoke
// included (running a function can change anything).
var mutatingOps = [...]string{
	"Lambda.PutFunctionConcurrency", "Lambda.DeleteFunctionConcurrency",
	"Lambda.PutProvisionedConcurrencyConfig", "Lambda.DeleteProvisionedConcurrencyConfig",
	"Lambda.UpdateFunctionConfiguration", "Lambda.PublishVersion", "Lambda.UpdateAlias",
	"Lambda.UpdateFunctionCode", "Lambda.UpdateEventSourceMapping", "Lambda.Invoke",
	"ECS.UpdateService", "ECS.StopTask",
	"Kubernetes.DeletePod", "Kubernetes.ScaleDeployment", "Kubernetes.RestartDeployment",
}

// countCall records that op arrived. Every operation passes begin, so the
// account itself knows what was asked of it, and tests need no wrapper
// per method to assert what reached it.
func (a *Account) countCall(op string) {
	a.mu.Lock()
	a.calls[op]++
	a.mu.Unlock()
}

// Calls returns how many times op ("Lambda.PutFunctionConcurrency") was
// called, faulted calls included.
func (a *Account) Calls(op string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls[op]
}

// Mutations returns the calls of the operations that change the account,
// by operation; an empty map means nothing was changed or invoked.
func (a *Account) Mutations() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]int{}
	for _, op := range mutatingOps {
		if n := a.calls[op]; n > 0 {
			out[op] = n
		}
	}
	return out
}

// TotalMutations returns how many calls changed the account or invoked a
// function, all operations together.
func (a *Account) TotalMutations() int {
	n := 0
	for _, c := range a.Mutations() {
		n += c
	}
	return n
}

// TotalCalls returns how many operations of any kind were called.
func (a *Account) TotalCalls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, v := range a.calls {
		n += v
	}
	return n
}
