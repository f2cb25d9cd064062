package server

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
)

// lambdaOp serves one restJson1 operation: it returns the status and the
// JSON document to answer with (nil for no body).
type lambdaOp func(s *Server, c *call, seg []string) (int, any, error)

func isLambdaPath(p string) bool {
	for _, pre := range []string{"/2015-03-31/", "/2016-08-19/", "/2017-03-31/", "/2017-10-31/", "/2019-09-30/"} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// serveLambda routes a Lambda request by path and method; a trailing slash
// is accepted everywhere.
func (s *Server) serveLambda(c *call) {
	seg := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	op, h := lambdaRoute(c.r.Method, c.r.URL.Query().Get("List"), seg)
	if op == "" {
		c.writeError(&apiError{status: http.StatusNotFound, code: "UnknownOperationException",
			message: "Unknown operation " + c.r.Method + " " + c.r.URL.Path})
		return
	}
	c.op = op
	if op == "Invoke" {
		s.invoke(c, seg[2])
		return
	}
	status, out, err := h(s, c, seg)
	switch {
	case err != nil:
		c.fail(err)
	case out == nil:
		c.w.Header().Set("X-Amzn-Requestid", c.requestID())
		c.w.WriteHeader(status)
	default:
		c.writeJSON(status, c.requestID(), out)
	}
}

// lambdaRoutes are the Lambda operations by method and path ("*" stands
// for one segment, a function's name or a mapping's UUID); list is the
// List query parameter a route asks for ("" for any). The first route
// that matches serves. Invoke has no lambdaOp: it answers with a stream.
func lambdaRoutes() []lambdaRouteDef {
	return []lambdaRouteDef{
		{http.MethodGet, "2015-03-31/functions", "", "ListFunctions", (*Server).listFunctions},
		{http.MethodGet, "2015-03-31/functions/*", "", "GetFunction", (*Server).getFunction},
		{http.MethodGet, "2015-03-31/functions/*/configuration", "", "GetFunctionConfiguration", (*Server).getFunctionConfiguration},
		{http.MethodPut, "2015-03-31/functions/*/configuration", "", "UpdateFunctionConfiguration", (*Server).updateFunctionConfiguration},
		{http.MethodPut, "2015-03-31/functions/*/code", "", "UpdateFunctionCode", (*Server).updateFunctionCode},
		{http.MethodGet, "2015-03-31/functions/*/versions", "", "ListVersionsByFunction", (*Server).listVersions},
		{http.MethodPost, "2015-03-31/functions/*/versions", "", "PublishVersion", (*Server).publishVersion},
		{http.MethodGet, "2015-03-31/functions/*/aliases", "", "ListAliases", (*Server).listAliases},
		{http.MethodPost, "2015-03-31/functions/*/invocations", "", "Invoke", nil},
		{http.MethodGet, "2015-03-31/functions/*/aliases/*", "", "GetAlias", (*Server).getAlias},
		{http.MethodPut, "2015-03-31/functions/*/aliases/*", "", "UpdateAlias", (*Server).updateAlias},
		{http.MethodGet, "2016-08-19/account-settings", "", "GetAccountSettings", (*Server).accountSettings},
		{http.MethodPut, "2017-10-31/functions/*/concurrency", "", "PutFunctionConcurrency", (*Server).putFunctionConcurrency},
		{http.MethodDelete, "2017-10-31/functions/*/concurrency", "", "DeleteFunctionConcurrency", (*Server).deleteFunctionConcurrency},
		{http.MethodGet, "2019-09-30/functions/*/concurrency", "", "GetFunctionConcurrency", (*Server).getFunctionConcurrency},
		{http.MethodGet, "2019-09-30/functions/*/provisioned-concurrency", "ALL", "ListProvisionedConcurrencyConfigs", (*Server).listProvisioned},
		{http.MethodGet, "2019-09-30/functions/*/provisioned-concurrency", "", "GetProvisionedConcurrencyConfig", (*Server).getProvisioned},
		{http.MethodPut, "2019-09-30/functions/*/provisioned-concurrency", "", "PutProvisionedConcurrencyConfig", (*Server).putProvisioned},
		{http.MethodDelete, "2019-09-30/functions/*/provisioned-concurrency", "", "DeleteProvisionedConcurrencyConfig", (*Server).deleteProvisioned},
		{http.MethodGet, "2015-03-31/event-source-mappings", "", "ListEventSourceMappings", (*Server).listESMs},
		{http.MethodGet, "2015-03-31/event-source-mappings/*", "", "GetEventSourceMapping", (*Server).getESM},
		{http.MethodPut, "2015-03-31/event-source-mappings/*", "", "UpdateEventSourceMapping", (*Server).updateESM},
		{http.MethodGet, "2017-03-31/tags/*", "", "ListTags", (*Server).listTags},
	}
}

type lambdaRouteDef struct {
	method, path, list, op string
	h                      lambdaOp
}

// lambdaRoute finds the operation a request's method, List parameter and
// path segments name ("" when none does).
func lambdaRoute(method, list string, seg []string) (string, lambdaOp) {
	for _, r := range lambdaRoutes() {
		if r.method == method && (r.list == "" || r.list == list) && pathMatches(strings.Split(r.path, "/"), seg) {
			return r.op, r.h
		}
	}
	return "", nil
}

// pathMatches says whether seg has the segments of pattern, where "*"
// matches any one.
func pathMatches(pattern, seg []string) bool {
	return slices.EqualFunc(pattern, seg, func(p, s string) bool { return p == "*" || p == s })
}

// splitQualifier splits a FunctionName path parameter (a name, a partial
// or full ARN, with or without ":qualifier") into name and qualifier.
func splitQualifier(name string) (fn, qual string) {
	if i := strings.Index(name, "function:"); i >= 0 {
		name = name[i+len("function:"):]
	}
	fn, qual, _ = strings.Cut(name, ":")
	return fn, qual
}

// detail reads a function through the sim's GetFunction; the qualifier
// comes from the name or the Qualifier query parameter.
func (s *Server) detail(c *call, name string) (providers.FunctionDetail, string, error) {
	fn, qual := splitQualifier(name)
	if q := c.r.URL.Query().Get("Qualifier"); q != "" {
		if qual != "" && qual != q {
			return providers.FunctionDetail{}, "", c.invalid("The derived qualifier from the function name does not match the specified qualifier.")
		}
		qual = q
	}
	c.resource = s.arn("lambda", "function:"+fn)
	d, err := s.acct.GetFunction(c.ctx(), fn)
	return d, qual, err
}

// readDetail starts a read of one function's versions, aliases or
// configs: the call's own faults and throttling first, then the function
// the path names.
func (s *Server) readDetail(c *call, name string) (providers.FunctionDetail, string, error) {
	if err := c.begin(); err != nil {
		return providers.FunctionDetail{}, "", err
	}
	return s.detail(c, name)
}

// target names the function a call acts on: its name without qualifier,
// and the qualifier of the name or of the Qualifier parameter when given.
// It sets the call's resource, which access-denied errors name.
func (s *Server) target(c *call, name string) (fn, qual string) {
	fn, qual = splitQualifier(name)
	if q := query(c, "Qualifier"); q != "" {
		qual = q
	}
	c.resource = s.arn("lambda", "function:"+fn)
	return fn, qual
}

// version resolves a qualifier ("", "$LATEST", a version or an alias) to
// the version it names.
func (s *Server) version(d providers.FunctionDetail, qual string) (providers.FunctionVersion, error) {
	target := qual
	if target == "" {
		target = "$LATEST"
	}
	for _, a := range d.Aliases {
		if a.Name == qual {
			target = a.FunctionVersion
		}
	}
	for _, v := range d.Versions {
		if v.Version == target {
			return v, nil
		}
	}
	return providers.FunctionVersion{}, notFound("Function not found: %s:%s", d.Function.ARN, qual)
}

func (s *Server) qualifiedConfig(d providers.FunctionDetail, qual string) (lambdaConfig, error) {
	v, err := s.version(d, qual)
	if err != nil {
		return lambdaConfig{}, err
	}
	cfg := s.versionConfig(d, v)
	if qual != "" && qual != v.Version {
		cfg.FunctionArn = d.Function.ARN + ":" + qual
	}
	return cfg, nil
}

func query(c *call, key string) string { return c.r.URL.Query().Get(key) }

func queryInt(c *call, key string) int {
	n, _ := strconv.Atoi(query(c, key))
	return n
}

// ListFunctions pages over the sim's 50-function pages; a MaxItems below
// 50 splits them, so the marker carries the sim's marker and an offset.
func (s *Server) listFunctions(c *call, _ []string) (int, any, error) {
	limit := clampLimit(queryInt(c, "MaxItems"), 50, 50)
	simMarker, off, ok := decodeFnMarker(query(c, "Marker"))
	if !ok {
		return 0, nil, c.invalid("Invalid marker: %s", query(c, "Marker"))
	}
	pg, err := s.acct.ListFunctions(c.ctx(), simMarker)
	if err != nil {
		return 0, nil, err
	}
	fns := pg.Functions[min(off, len(pg.Functions)):]
	out := struct {
		Functions  []lambdaConfig
		NextMarker string `json:",omitempty"`
	}{Functions: make([]lambdaConfig, 0, min(limit, len(fns)))}
	if len(fns) > limit {
		fns, out.NextMarker = fns[:limit], encodeFnMarker(simMarker, off+limit)
	} else if pg.Next != "" {
		out.NextMarker = encodeFnMarker(pg.Next, 0)
	}
	for _, f := range fns {
		out.Functions = append(out.Functions, s.config(f, "$LATEST", "", f.LastModified, f.Description))
	}
	return http.StatusOK, out, nil
}

// lambdaPage answers a Lambda list: the page the Marker and MaxItems
// parameters ask for (def items when MaxItems is unset, at most most).
func lambdaPage[T, W any](c *call, kind, key string, def, most int, items []T, conv func(T) W) (int, any, error) {
	out, err := pageOf(c, kind, key, query(c, "Marker"), clampLimit(queryInt(c, "MaxItems"), def, most), items, conv)
	return http.StatusOK, out, err
}

func encodeFnMarker(simMarker string, off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(off) + "|" + simMarker))
}

func decodeFnMarker(m string) (string, int, bool) {
	if m == "" {
		return "", 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil {
		return "", 0, false
	}
	offStr, simMarker, ok := strings.Cut(string(b), "|")
	off, err := strconv.Atoi(offStr)
	return simMarker, off, ok && err == nil && off >= 0
}

func (s *Server) getFunction(c *call, seg []string) (int, any, error) {
	d, qual, err := s.detail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	cfg, err := s.qualifiedConfig(d, qual)
	if err != nil {
		return 0, nil, err
	}
	out := lambdaGetFunction{Configuration: cfg, Code: s.code(d), Tags: d.Function.Tags}
	if d.Function.Reserved != nil {
		out.Concurrency = &lambdaConcurrency{ReservedConcurrentExecutions: d.Function.Reserved}
	}
	return http.StatusOK, out, nil
}

func (s *Server) getFunctionConfiguration(c *call, seg []string) (int, any, error) {
	d, qual, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	cfg, err := s.qualifiedConfig(d, qual)
	return http.StatusOK, cfg, err
}

func (s *Server) listVersions(c *call, seg []string) (int, any, error) {
	d, _, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	return lambdaPage(c, "versions", "Versions", 50, 50, d.Versions, func(v providers.FunctionVersion) lambdaConfig {
		return s.versionConfig(d, v)
	})
}

func (s *Server) listAliases(c *call, seg []string) (int, any, error) {
	d, _, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	var all []providers.Alias
	for _, a := range d.Aliases {
		if v := query(c, "FunctionVersion"); v == "" || a.FunctionVersion == v {
			all = append(all, a)
		}
	}
	return lambdaPage(c, "aliases", "Aliases", 50, 10000, all, func(a providers.Alias) lambdaAlias {
		return s.alias(d.Function.Name, a)
	})
}

func (s *Server) getAlias(c *call, seg []string) (int, any, error) {
	d, _, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	for _, a := range d.Aliases {
		if a.Name == seg[4] {
			return http.StatusOK, s.alias(d.Function.Name, a), nil
		}
	}
	return 0, nil, notFound("Cannot find alias arn: %s:%s", d.Function.ARN, seg[4])
}

func (s *Server) accountSettings(c *call, _ []string) (int, any, error) {
	st, err := s.acct.AccountSettings(c.ctx())
	if err != nil {
		return 0, nil, err
	}
	type limit struct {
		TotalCodeSize                  int64
		CodeSizeUnzipped               int64
		CodeSizeZipped                 int64
		ConcurrentExecutions           int
		UnreservedConcurrentExecutions int
	}
	type usage struct {
		TotalCodeSize int64
		FunctionCount int
	}
	return http.StatusOK, struct {
		AccountLimit limit
		AccountUsage usage
	}{
		AccountLimit: limit{
			TotalCodeSize: st.CodeSizeLimit, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800,
			ConcurrentExecutions: st.ConcurrencyLimit, UnreservedConcurrentExecutions: st.UnreservedConcurrency,
		},
		AccountUsage: usage{TotalCodeSize: st.CodeSizeUsed, FunctionCount: st.FunctionCount},
	}, nil
}

func (s *Server) getFunctionConcurrency(c *call, seg []string) (int, any, error) {
	fn, _ := s.target(c, seg[2])
	r, err := s.acct.ReservedConcurrency(c.ctx(), fn)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, lambdaConcurrency{ReservedConcurrentExecutions: r}, nil
}

func (s *Server) listProvisioned(c *call, seg []string) (int, any, error) {
	d, _, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	return lambdaPage(c, "provisioned", "ProvisionedConcurrencyConfigs", 50, 50, d.Provisioned, func(p providers.ProvisionedConfig) lambdaProvisioned {
		return provisioned(d.Function.ARN, p)
	})
}

func (s *Server) getProvisioned(c *call, seg []string) (int, any, error) {
	d, qual, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	for _, p := range d.Provisioned {
		if p.Qualifier == qual {
			out := provisioned(d.Function.ARN, p)
			out.FunctionArn = ""
			return http.StatusOK, out, nil
		}
	}
	return 0, nil, &apiError{status: http.StatusNotFound, code: "ProvisionedConcurrencyConfigNotFoundException",
		message: "No Provisioned Concurrency Config found for this function"}
}

func (s *Server) listTags(c *call, seg []string) (int, any, error) {
	d, _, err := s.readDetail(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	tags := d.Function.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	return http.StatusOK, struct{ Tags map[string]string }{tags}, nil
}

// ListEventSourceMappings reads the mappings of one function, or of every
// function that has one.
func (s *Server) listESMs(c *call, _ []string) (int, any, error) {
	if err := c.begin(); err != nil {
		return 0, nil, err
	}
	names := []string{query(c, "FunctionName")}
	if names[0] == "" {
		idx, err := s.esmIndex(c.ctx())
		if err != nil {
			return 0, nil, err
		}
		names = idx.functions()
	}
	var all []providers.EventSourceMapping
	for _, n := range names {
		d, _, err := s.detail(c, n)
		if err != nil {
			return 0, nil, err
		}
		for _, e := range d.EventSources {
			if src := query(c, "EventSourceArn"); src == "" || src == e.SourceARN {
				all = append(all, e)
			}
		}
	}
	return lambdaPage(c, "esm", "EventSourceMappings", 100, 10000, all, s.esm)
}

// findESM reads one mapping by UUID.
func (s *Server) findESM(c *call, id string) (providers.EventSourceMapping, error) {
	idx, err := s.esmIndex(c.ctx())
	if err != nil {
		return providers.EventSourceMapping{}, err
	}
	fn, ok := idx.byUUID[id]
	if !ok {
		return providers.EventSourceMapping{}, notFound("The resource you requested does not exist. (Service: Lambda, Status Code: 404)")
	}
	d, _, err := s.detail(c, fn)
	if err != nil {
		return providers.EventSourceMapping{}, err
	}
	for _, e := range d.EventSources {
		if e.UUID == id {
			return e, nil
		}
	}
	return providers.EventSourceMapping{}, notFound("The resource you requested does not exist. (Service: Lambda, Status Code: 404)")
}

func (s *Server) getESM(c *call, seg []string) (int, any, error) {
	if err := c.begin(); err != nil {
		return 0, nil, err
	}
	e, err := s.findESM(c, seg[2])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.esm(e), nil
}
