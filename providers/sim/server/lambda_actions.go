package server

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/virgahq/virga/providers"
)

// preconditionFailed is Lambda's answer to a stale RevisionId or CodeSha256.
func preconditionFailed(msg string) *apiError {
	return &apiError{status: http.StatusPreconditionFailed, code: "PreconditionFailedException", message: msg}
}

const staleRevision = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"

// checkRevision refuses a mutation whose RevisionId is not the function's.
func (s *Server) checkRevision(c *call, fn, rev string) error {
	if rev == "" {
		return nil
	}
	d, _, err := s.detail(c, fn)
	if err != nil {
		return err
	}
	if s.versionConfig(d, d.Versions[0]).RevisionId != rev {
		return preconditionFailed(staleRevision)
	}
	return nil
}

// latestConfig describes $LATEST after a mutation. The mutation has
// happened: a failing read (a fault on GetFunction) degrades the answer
// to the fields the request named rather than failing the call.
func (s *Server) latestConfig(c *call, fn string) lambdaConfig {
	d, _, err := s.detail(c, fn)
	if err != nil || len(d.Versions) == 0 {
		name, _ := splitQualifier(fn)
		return lambdaConfig{FunctionName: name, FunctionArn: s.arn("lambda", "function:"+name), Version: "$LATEST", LastUpdateStatus: "InProgress"}
	}
	return s.versionConfig(d, d.Versions[0])
}

// requiredCount decodes a body whose one field, name, is a count the
// operation requires.
func requiredCount(c *call, name string) (int, error) {
	var in map[string]json.RawMessage
	if err := c.decode(&in); err != nil {
		return 0, err
	}
	var n *int
	if raw, ok := in[name]; ok {
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, c.invalid("Could not parse request body: %v", err)
		}
	}
	if n == nil {
		return 0, c.invalid("%s is required", name)
	}
	return *n, nil
}

// applied records the request id of a mutation the account made, or
// fails with its error.
func applied(c *call, rc providers.Receipt, err error) error {
	if err == nil {
		c.rid = rc.RequestID
	}
	return err
}

func (s *Server) putFunctionConcurrency(c *call, seg []string) (int, any, error) {
	n, err := requiredCount(c, "ReservedConcurrentExecutions")
	if err != nil {
		return 0, nil, err
	}
	fn, _ := s.target(c, seg[2])
	rc, err := s.acct.PutReservedConcurrency(c.ctx(), fn, n)
	return http.StatusOK, lambdaConcurrency{ReservedConcurrentExecutions: &n}, applied(c, rc, err)
}

func (s *Server) deleteFunctionConcurrency(c *call, seg []string) (int, any, error) {
	fn, _ := s.target(c, seg[2])
	rc, err := s.acct.DeleteReservedConcurrency(c.ctx(), fn)
	return http.StatusNoContent, nil, applied(c, rc, err)
}

func (s *Server) putProvisioned(c *call, seg []string) (int, any, error) {
	n, err := requiredCount(c, "ProvisionedConcurrentExecutions")
	if err != nil {
		return 0, nil, err
	}
	fn, qual := s.target(c, seg[2])
	rc, err := s.acct.PutProvisionedConcurrency(c.ctx(), fn, qual, n)
	if err := applied(c, rc, err); err != nil {
		return 0, nil, err
	}
	// Allocation is asynchronous: the answer is IN_PROGRESS, whatever it
	// becomes.
	out := lambdaProvisioned{RequestedProvisionedConcurrentExecutions: n, Status: "IN_PROGRESS"}
	if d, _, err := s.detail(c, fn); err == nil {
		for _, p := range d.Provisioned {
			if p.Qualifier == qual {
				out = provisioned("", p)
				out.FunctionArn, out.Status, out.StatusReason = "", "IN_PROGRESS", ""
			}
		}
	}
	return http.StatusAccepted, out, nil
}

func (s *Server) deleteProvisioned(c *call, seg []string) (int, any, error) {
	fn, qual := s.target(c, seg[2])
	rc, err := s.acct.DeleteProvisionedConcurrency(c.ctx(), fn, qual)
	return http.StatusNoContent, nil, applied(c, rc, err)
}

func (s *Server) updateFunctionConfiguration(c *call, seg []string) (int, any, error) {
	var in struct {
		MemorySize *int
		Timeout    *int
		revisioned
	}
	fn, err := s.latest(c, seg[2], &in)
	if err != nil {
		return 0, nil, err
	}
	rc, err := s.acct.UpdateFunctionConfiguration(c.ctx(), fn, providers.FunctionConfigUpdate{MemoryMB: in.MemorySize, TimeoutSec: in.Timeout})
	return s.updated(c, fn, rc, err)
}

// revisioned is the RevisionId an update of $LATEST may carry.
type revisioned struct{ RevisionId string }

func (r *revisioned) revision() string { return r.RevisionId }

// latest decodes an update of $LATEST into in and names the function it
// changes, once the caller's RevisionId matches; the call's resource is
// set.
func (s *Server) latest(c *call, name string, in interface{ revision() string }) (string, error) {
	if err := c.decode(in); err != nil {
		return "", err
	}
	if err := s.checkRevision(c, name, in.revision()); err != nil {
		return "", err
	}
	fn, _ := s.target(c, name)
	return fn, nil
}

// updated answers an update of fn's $LATEST with its new configuration.
func (s *Server) updated(c *call, fn string, rc providers.Receipt, err error) (int, any, error) {
	if err := applied(c, rc, err); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.latestConfig(c, fn), nil
}

func (s *Server) updateFunctionCode(c *call, seg []string) (int, any, error) {
	var in struct {
		ImageUri string
		S3Bucket string
		S3Key    string
		ZipFile  []byte
		revisioned
	}
	fn, err := s.latest(c, seg[2], &in)
	if err != nil {
		return 0, nil, err
	}
	src := providers.CodeSource{ImageURI: in.ImageUri, S3Bucket: in.S3Bucket, S3Key: in.S3Key}
	if len(in.ZipFile) > 0 && src.S3Bucket == "" {
		// An inline zip is stored by Lambda itself; the sim only knows S3.
		src.S3Bucket, src.S3Key = "awslambda-inline-upload", fn+".zip"
	}
	rc, err := s.acct.UpdateFunctionCode(c.ctx(), fn, src)
	return s.updated(c, fn, rc, err)
}

func (s *Server) publishVersion(c *call, seg []string) (int, any, error) {
	var in struct {
		Description string
		CodeSha256  string
		RevisionId  string
	}
	if err := c.decode(&in); err != nil {
		return 0, nil, err
	}
	fn, _ := splitQualifier(seg[2])
	if in.CodeSha256 != "" || in.RevisionId != "" {
		d, _, err := s.detail(c, fn)
		if err != nil {
			return 0, nil, err
		}
		if in.CodeSha256 != "" && in.CodeSha256 != d.CodeSHA256 {
			return 0, nil, preconditionFailed("CodeSHA256 (" + in.CodeSha256 + ") is different from current CodeSHA256 in $LATEST (" +
				d.CodeSHA256 + "). Please try again with the CodeSHA256 in $LATEST.")
		}
		if in.RevisionId != "" && s.versionConfig(d, d.Versions[0]).RevisionId != in.RevisionId {
			return 0, nil, preconditionFailed(staleRevision)
		}
	}
	c.resource = s.arn("lambda", "function:"+fn)
	rc, err := s.acct.PublishVersion(c.ctx(), fn, in.Description)
	if err := applied(c, rc, err); err != nil {
		return 0, nil, err
	}
	d, _, err := s.detail(c, fn)
	if err == nil {
		for _, v := range d.Versions {
			if v.Version == rc.Result {
				return http.StatusCreated, s.versionConfig(d, v), nil
			}
		}
	}
	cfg := s.latestConfig(c, fn)
	cfg.Version, cfg.FunctionArn, cfg.Description = rc.Result, cfg.FunctionArn+":"+rc.Result, in.Description
	return http.StatusCreated, cfg, nil
}

// UpdateAlias keeps the alias's version when FunctionVersion is empty and
// its routing when RoutingConfig is absent, as Lambda does; an empty
// AdditionalVersionWeights removes the canary.
func (s *Server) updateAlias(c *call, seg []string) (int, any, error) {
	var in struct {
		FunctionVersion string
		Description     string
		RevisionId      string
		RoutingConfig   *lambdaRouting
	}
	if err := c.decode(&in); err != nil {
		return 0, nil, err
	}
	fn, name := seg[2], seg[4]
	version := in.FunctionVersion
	var weights map[string]float64
	if in.RoutingConfig != nil {
		weights = in.RoutingConfig.AdditionalVersionWeights
	}
	if version == "" || in.RoutingConfig == nil || in.RevisionId != "" {
		d, _, err := s.detail(c, fn)
		if err != nil {
			return 0, nil, err
		}
		var cur *providers.Alias
		for i := range d.Aliases {
			if d.Aliases[i].Name == name {
				cur = &d.Aliases[i]
			}
		}
		if cur == nil {
			return 0, nil, notFound("Alias not found: %s:%s", d.Function.ARN, name)
		}
		if in.RevisionId != "" && in.RevisionId != cur.RevisionID {
			return 0, nil, preconditionFailed(staleRevision)
		}
		if version == "" {
			version = cur.FunctionVersion
		}
		if in.RoutingConfig == nil {
			weights = cur.AdditionalWeights
		}
	}
	fnName, _ := splitQualifier(fn)
	c.resource = s.arn("lambda", "function:"+fnName+":"+name)
	rc, err := s.acct.UpdateAlias(c.ctx(), fnName, name, version, weights)
	if err := applied(c, rc, err); err != nil {
		return 0, nil, err
	}
	if d, _, err := s.detail(c, fnName); err == nil {
		for _, a := range d.Aliases {
			if a.Name == name {
				return http.StatusOK, s.alias(fnName, a), nil
			}
		}
	}
	out := s.alias(fnName, providers.Alias{Name: name, FunctionVersion: version, AdditionalWeights: weights})
	return http.StatusOK, out, nil
}

// UpdateEventSourceMapping enables or disables a mapping; other settings
// are accepted and ignored.
func (s *Server) updateESM(c *call, seg []string) (int, any, error) {
	var in struct{ Enabled *bool }
	if err := c.decode(&in); err != nil {
		return 0, nil, err
	}
	id := seg[2]
	state := ""
	if in.Enabled != nil {
		rc, err := s.acct.SetEventSourceEnabled(c.ctx(), id, *in.Enabled)
		if err != nil {
			return 0, nil, err
		}
		c.rid, state = rc.RequestID, rc.Result
	} else if err := c.begin(); err != nil {
		return 0, nil, err
	}
	e, err := s.findESM(c, id)
	if err != nil {
		if state == "" {
			return 0, nil, err
		}
		e = providers.EventSourceMapping{UUID: id}
	}
	if state != "" {
		e.State = state
	}
	return http.StatusAccepted, s.esm(e), nil
}

// invoke serves Invoke: a raw payload in, a raw payload out, the outcome
// in headers.
func (s *Server) invoke(c *call, name string) {
	payload, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		return
	}
	fn, qual := s.target(c, name)
	typ := providers.InvocationType(c.r.Header.Get("X-Amz-Invocation-Type"))
	tail := c.r.Header.Get("X-Amz-Log-Type") == "Tail"
	res, err := s.acct.Invoke(c.ctx(), providers.InvokeRequest{Function: fn, Qualifier: qual, Type: typ, Payload: payload, Tail: tail})
	if err != nil {
		c.fail(err)
		return
	}
	h := c.w.Header()
	h.Set("X-Amzn-Requestid", res.RequestID)
	if res.StatusCode == http.StatusOK {
		h.Set("Content-Type", "application/json")
		h.Set("X-Amz-Executed-Version", res.ExecutedVersion)
		if res.FunctionError != "" {
			h.Set("X-Amz-Function-Error", res.FunctionError)
		}
		if tail && (typ == "" || typ == providers.InvokeSync) {
			h.Set("X-Amz-Log-Result", base64.StdEncoding.EncodeToString([]byte(res.LogTail)))
		}
		h.Set("Content-Length", strconv.Itoa(len(res.Payload)))
	}
	c.w.WriteHeader(res.StatusCode)
	if res.StatusCode == http.StatusOK {
		_, _ = c.w.Write(res.Payload)
	}
}
