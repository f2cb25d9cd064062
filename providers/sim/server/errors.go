package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// apiError is an AWS error about to be written in the protocol of the
// service that failed.
type apiError struct {
	status int
	// code is the error shape: X-Amzn-ErrorType for Lambda, __type for the
	// JSON and CBOR protocols, <Code> for STS.
	code string
	// queryCode is CloudWatch's awsQuery-compatible code, sent in
	// X-Amzn-Query-Error; empty means code.
	queryCode  string
	message    string
	reason     string // Lambda TooManyRequestsException.Reason
	retryAfter time.Duration
	requestID  string
	// drop answers nothing and closes the connection, as a network
	// failure would.
	drop bool
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

// invalid is the service's "bad parameter" error with a message.
func (c *call) invalid(format string, args ...any) *apiError {
	e := &apiError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
	switch c.svc {
	case svcLambda:
		e.code = "InvalidParameterValueException"
	case svcCloudWatch:
		e.code, e.queryCode = "InvalidParameterValueException", "InvalidParameterValue"
	case svcSTS:
		e.code = "InvalidParameterValue"
	default:
		e.code = "InvalidParameterException"
	}
	return e
}

// notFound is Lambda's 404 ResourceNotFoundException.
func notFound(format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: "ResourceNotFoundException", message: fmt.Sprintf(format, args...)}
}

// fail writes err as the service's error. A context error means the
// server is closing (the answer is a 5xx) or the client went away
// (nothing is written).
func (c *call) fail(err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		switch {
		case c.s.ctx.Err() != nil:
			c.writeError(c.internal("The service is shutting down."))
			return
		case c.r.Context().Err() != nil:
			return
		}
	}
	var ae *apiError
	var pe *providers.Error
	var hf sim.HTTPFault
	switch {
	case errors.As(err, &hf):
		c.writePage(hf.Status)
		return
	case errors.As(err, &ae):
	case errors.As(err, &pe):
		ae = c.mapError(pe)
	default:
		ae = c.internal(err.Error())
	}
	c.writeError(ae)
}

// mapError turns a sim error into the AWS error this service returns. Sim
// messages may start with the AWS error code ("ClusterNotFoundException:
// Cluster not found."); a code the service knows wins over the kind's
// default.
func (c *call) mapError(pe *providers.Error) *apiError {
	code, msg := splitCode(pe.Message)
	e := &apiError{message: msg, requestID: pe.RequestID}
	switch pe.Kind {
	case providers.ErrThrottled:
		c.throttled(e, pe)
	case providers.ErrAccessDenied, providers.ErrReadOnly:
		c.accessDenied(e)
	case providers.ErrCredentials:
		e.status, e.code, e.queryCode = http.StatusForbidden, "ExpiredTokenException", "ExpiredToken"
		e.message = "The security token included in the request is expired"
		if c.svc == svcSTS {
			e.code = "ExpiredToken"
		}
	case providers.ErrRegionDisabled:
		e.status, e.code = http.StatusForbidden, "UnrecognizedClientException"
		e.message = "The security token included in the request is invalid."
		if c.svc == svcSTS {
			e.code = "RegionDisabledException"
		}
	case providers.ErrNetwork:
		e.drop = true
	case providers.ErrNotFound:
		e.status, e.code = http.StatusBadRequest, "ResourceNotFoundException"
		switch c.svc {
		case svcLambda, svcEKS:
			e.status = http.StatusNotFound
		case svcCloudWatch:
			e.status, e.code, e.queryCode = http.StatusNotFound, "ResourceNotFound", "ResourceNotFound"
		}
	case providers.ErrConflict:
		switch c.svc {
		case svcLambda:
			e.status, e.code = http.StatusConflict, "ResourceConflictException"
		case svcECS:
			e.status, e.code = http.StatusBadRequest, "UpdateInProgressException"
		default:
			e.status, e.code = http.StatusBadRequest, "OperationAbortedException"
		}
	case providers.ErrInvalid:
		inv := c.invalid("%s", msg)
		e.status, e.code, e.queryCode = inv.status, inv.code, inv.queryCode
	default:
		ie := c.internal(msg)
		e.status, e.code, e.queryCode = ie.status, ie.code, ie.queryCode
	}
	if status, ok := knownCode(c.svc, code); ok && !e.drop {
		e.status, e.code, e.queryCode = status, code, ""
	}
	if e.code == "TooManyRequestsException" {
		// "Rate Exceeded. (Reason: ReservedFunction...)": the reason is a
		// member of its own.
		if before, after, ok := strings.Cut(e.message, " (Reason: "); ok {
			e.message, e.reason = before, strings.TrimSuffix(after, ")")
		}
		if e.reason == "" {
			e.reason = "CallerRateLimitExceeded"
		}
		if e.retryAfter <= 0 {
			e.retryAfter = pe.RetryAfter
		}
	}
	return e
}

func (c *call) throttled(e *apiError, pe *providers.Error) {
	e.retryAfter = pe.RetryAfter
	switch c.svc {
	case svcLambda:
		e.status, e.code = http.StatusTooManyRequests, "TooManyRequestsException"
	case svcCloudWatch:
		e.status, e.code, e.queryCode = http.StatusBadRequest, "ThrottlingException", "Throttling"
	case svcSTS:
		e.status, e.code = http.StatusBadRequest, "Throttling"
	default:
		e.status, e.code = http.StatusBadRequest, "ThrottlingException"
	}
	if e.message == "" {
		e.message = "Rate exceeded"
	}
}

// accessDenied names the served operation's IAM action and the caller, as
// AWS does.
func (c *call) accessDenied(e *apiError) {
	action := c.svc.iamPrefix() + ":" + c.op
	resource := c.resource
	if resource == "" {
		resource = "*"
		if c.svc == svcLambda {
			resource = c.s.arn("lambda", "function:*")
		}
	}
	e.status, e.code, e.queryCode = http.StatusForbidden, "AccessDeniedException", "AccessDenied"
	switch c.svc {
	case svcLogs:
		e.status = http.StatusBadRequest
	case svcSTS:
		e.code = "AccessDenied"
	}
	e.message = "User: " + c.s.ident.ARN + " is not authorized to perform: " + action +
		" on resource: " + resource + " because no identity-based policy allows the " + action + " action"
}

// internal is the service's 5xx error.
func (c *call) internal(msg string) *apiError {
	e := &apiError{status: http.StatusInternalServerError, message: msg}
	switch c.svc {
	case svcLambda:
		e.code = "ServiceException"
	case svcECS:
		e.code = "ServerException"
	case svcLogs:
		e.code = "ServiceUnavailableException"
	case svcCloudWatch:
		e.code, e.queryCode = "InternalServiceFault", "InternalServiceError"
	default:
		e.code = "InternalFailure"
	}
	return e
}

// splitCode splits "XxxException: message" into the code and the message.
func splitCode(msg string) (code, rest string) {
	head, tail, ok := strings.Cut(msg, ": ")
	if !ok || head == "" || head[0] < 'A' || head[0] > 'Z' || strings.ContainsAny(head, " .") ||
		!(strings.HasSuffix(head, "Exception") || strings.HasSuffix(head, "Error")) {
		return "", msg
	}
	return head, tail
}

// knownCode reports the HTTP status of an error code the service models.
func knownCode(svc service, code string) (int, bool) {
	switch svc {
	case svcLambda:
		switch code {
		case "ResourceNotFoundException", "ProvisionedConcurrencyConfigNotFoundException":
			return http.StatusNotFound, true
		case "ResourceConflictException":
			return http.StatusConflict, true
		case "InvalidParameterValueException", "ResourceInUseException":
			return http.StatusBadRequest, true
		case "PreconditionFailedException":
			return http.StatusPreconditionFailed, true
		case "TooManyRequestsException":
			return http.StatusTooManyRequests, true
		}
	case svcECS:
		switch code {
		case "ClusterNotFoundException", "ServiceNotFoundException", "ServiceNotActiveException",
			"ClientException", "InvalidParameterException", "ResourceNotFoundException", "UpdateInProgressException":
			return http.StatusBadRequest, true
		}
	case svcLogs:
		switch code {
		case "ResourceNotFoundException", "InvalidParameterException", "OperationAbortedException", "LimitExceededException":
			return http.StatusBadRequest, true
		}
	case svcEKS:
		switch code {
		case "ResourceNotFoundException":
			return http.StatusNotFound, true
		case "InvalidParameterException", "InvalidRequestException":
			return http.StatusBadRequest, true
		}
	}
	return 0, false
}

// writeError writes e in the protocol of the call's service.
func (c *call) writeError(e *apiError) {
	if e.drop {
		if conn, _, err := http.NewResponseController(c.w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
		e = &apiError{status: http.StatusServiceUnavailable, code: "ServiceUnavailable", message: "connection reset by peer"}
	}
	rid := e.requestID
	if rid == "" {
		rid = c.s.requestID()
	}
	h := c.w.Header()
	switch c.svc {
	case svcLambda, svcEKS:
		h.Set("X-Amzn-ErrorType", e.code)
		if e.retryAfter > 0 {
			h.Set("Retry-After", strconv.Itoa(int((e.retryAfter+time.Second-1)/time.Second)))
		}
		typ := "User"
		if e.status >= 500 {
			typ = "Service"
		}
		body := map[string]string{"Type": typ, "message": e.message, "Message": e.message}
		if e.reason != "" {
			body["Reason"] = e.reason
		}
		c.writeJSON(e.status, rid, body)
	case svcECS, svcLogs:
		c.writeJSON(e.status, rid, map[string]string{"__type": e.code, "message": e.message})
	case svcCloudWatch:
		q := e.queryCode
		if q == "" {
			q = e.code
		}
		fault := "Sender"
		if e.status >= 500 {
			fault = "Receiver"
		}
		h.Set("X-Amzn-Query-Error", q+";"+fault)
		c.writeCW(e.status, rid, map[string]any{"__type": e.code, "message": e.message, "Message": e.message})
	case svcSTS:
		c.writeSTSError(e, rid)
	}
}

// writePage answers with a bare HTTP status and an HTML page, as moto's
// crash page or a proxy's error does: no AWS error shape at all.
func (c *call) writePage(status int) {
	text := http.StatusText(status)
	body := "<!doctype html>\n<html lang=en>\n<title>" + strconv.Itoa(status) + " " + text + "</title>\n<h1>" + text + "</h1>\n"
	h := c.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = io.WriteString(c.w, body)
}

// writeJSON writes v as the JSON body of the call's protocol.
func (c *call) writeJSON(status int, rid string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{}`)
		status = http.StatusInternalServerError
	}
	h := c.w.Header()
	switch c.svc {
	case svcLambda, svcEKS:
		h.Set("Content-Type", "application/json")
	default:
		h.Set("Content-Type", "application/x-amz-json-1.1")
	}
	h.Set("X-Amzn-Requestid", rid)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

type stsError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func (c *call) writeSTSError(e *apiError, rid string) {
	var doc stsError
	doc.Xmlns = stsNamespace
	doc.Error.Type = "Sender"
	if e.status >= 500 {
		doc.Error.Type = "Receiver"
	}
	doc.Error.Code, doc.Error.Message, doc.RequestID = e.code, e.message, rid
	c.writeXML(e.status, rid, doc)
}
