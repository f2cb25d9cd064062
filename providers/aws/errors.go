package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/virgahq/virga/providers"
)

// errEnv is what error mapping needs to know about the Provider: where the
// call went and how the user would fix their credentials.
type errEnv struct {
	Region         string
	Profile        string
	SSO            bool
	CustomEndpoint bool
}

func (p *Provider) mapError(op string, err error) error {
	return classify(op, err, errEnv{Region: p.region, Profile: p.profile, SSO: p.sso, CustomEndpoint: p.customEndpoint})
}

// codeKind sorts an AWS error code by what the user can do about it. AWS
// services spell the same condition differently and the SDK models only
// some of them as types, so mapping goes by smithy.APIError.ErrorCode().
// It is a switch rather than a table so that it cannot be modified.
func codeKind(code string) (providers.ErrorKind, bool) {
	switch code {
	case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
		"InvalidSignatureException", "SignatureDoesNotMatch", "MissingAuthenticationToken",
		"MissingAuthenticationTokenException", "IncompleteSignature", "InvalidAccessKeyId",
		"TokenRefreshRequired", "RequestExpired":
		return providers.ErrCredentials, true
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException",
		"AuthorizationError", "Forbidden", "NotAuthorized":
		return providers.ErrAccessDenied, true
	case "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
		"RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
		"ProvisionedThroughputExceededException", "LimitExceededException", "EC2ThrottledException",
		"BandwidthLimitExceeded", "PriorRequestNotComplete":
		return providers.ErrThrottled, true
	case "ResourceNotFoundException", "ClusterNotFoundException", "ServiceNotFoundException",
		"ProvisionedConcurrencyConfigNotFoundException", "NotFoundException", "NoSuchEntity",
		"TargetNotFoundException":
		return providers.ErrNotFound, true
	case "ResourceConflictException", "PreconditionFailed", "PreconditionFailedException",
		"ResourceInUseException", "ConcurrentModificationException", "ServiceNotActiveException",
		"UpdateInProgressException", "ConflictException":
		return providers.ErrConflict, true
	case "InvalidParameterValueException", "InvalidParameterException", "ValidationException",
		"ValidationError", "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter",
		"InvalidRequestContentException", "RequestTooLargeException", "InvalidNextToken",
		"InvalidNextTokenException", "ClientException", "InvalidParameterCombinationException",
		"MalformedQueryException", "InvalidOperationException", "UnsupportedMediaTypeException",
		"SerializationException":
		return providers.ErrInvalid, true
	case "OptInRequired", "InvalidRegion", "RegionDisabledException":
		return providers.ErrRegionDisabled, true
	}
	return providers.ErrOther, false
}

func codeIs(code string, kind providers.ErrorKind) bool {
	k, ok := codeKind(code)
	return ok && k == kind
}

// isThrottle says whether err is AWS refusing a call for its rate.
func isThrottle(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) && codeIs(ae.ErrorCode(), providers.ErrThrottled) {
		return true
	}
	return httpStatus(err) == 429
}

// classify turns an SDK error into a *providers.Error with a short,
// actionable message. op is "Service.Operation".
func classify(op string, err error, env errEnv) error {
	if err == nil {
		return nil
	}
	var pe *providers.Error
	if errors.As(err, &pe) {
		// Already mapped (read-only refusal from the middleware).
		c := *pe
		if c.Op == "" {
			c.Op = op
		}
		return &c
	}
	e := &providers.Error{Op: op, Action: iamAction(op), Err: err, RequestID: requestID(err)}
	var ae smithy.APIError
	hasAPI := errors.As(err, &ae)
	code, msg := "", ""
	if hasAPI {
		code, msg = ae.ErrorCode(), ae.ErrorMessage()
	}
	status := httpStatus(err)

	switch {
	case errors.Is(err, context.Canceled):
		e.Kind, e.Message = providers.ErrOther, "canceled"
	case !hasAPI && strings.Contains(err.Error(), "failed to get retry Send token"):
		// The adaptive retryer held the call back after earlier throttles
		// until the deadline passed: a throttle, not an outage.
		e.Kind, e.Message = providers.ErrThrottled, "throttled: waiting for the client-side rate limit"
	case errors.Is(err, context.DeadlineExceeded) && !hasAPI:
		e.Kind, e.Message = providers.ErrNetwork, "timed out waiting for AWS"
	case !hasAPI && isCredentialFailure(err):
		e.Kind, e.Message = providers.ErrCredentials, credentialAdvice(env, "no valid AWS credentials")
	case hasAPI && regionDisabled(code, msg, env):
		e.Kind, e.Message = providers.ErrRegionDisabled, fmt.Sprintf("region %s is not enabled for this account", env.Region)
	case hasAPI && codeIs(code, providers.ErrCredentials):
		e.Kind, e.Message = providers.ErrCredentials, credentialAdvice(env, "credentials expired")
	case hasAPI && codeIs(code, providers.ErrAccessDenied), !hasAPI && status == 403:
		e.Kind, e.Message = providers.ErrAccessDenied, "not permitted: "+e.Action
	case isThrottle(err):
		e.Kind, e.RetryAfter = providers.ErrThrottled, retryAfter(err)
		e.Message = "throttled by AWS"
		if reason := throttleReason(err); reason != "" {
			e.Message += ": " + reason
		}
	case hasAPI && codeIs(code, providers.ErrNotFound), status == 404 && hasAPI:
		e.Kind, e.Message = providers.ErrNotFound, "not found: "+orCode(msg, code)
	case hasAPI && codeIs(code, providers.ErrConflict), status == 409 || status == 412:
		e.Kind, e.Message = providers.ErrConflict, orCode(msg, code)
	case hasAPI && codeIs(code, providers.ErrInvalid):
		e.Kind, e.Message = providers.ErrInvalid, orCode(msg, code)
	case hasAPI && status == 403:
		e.Kind, e.Message = providers.ErrAccessDenied, "not permitted: "+e.Action
	case !hasAPI && (status >= 400 || isUnreadable(err)):
		// The body is not in the service's protocol (an emulator's HTML
		// error page, a proxy's 502): the decoder's complaint about it
		// ("invalid character '<'") would mean nothing to the user.
		e.Kind, e.Message = providers.ErrOther, answered(op, status)
	case isNetwork(err):
		e.Kind, e.Message = providers.ErrNetwork, "network error: "+rootCause(err)
		var dns *net.DNSError
		if errors.As(err, &dns) && !env.CustomEndpoint && isOptInRegion(env.Region) {
			e.Kind, e.Message = providers.ErrRegionDisabled, fmt.Sprintf("region %s is not enabled for this account", env.Region)
		}
	case hasAPI:
		e.Kind, e.Message = providers.ErrOther, code+": "+msg
		if msg == "" {
			e.Message = code
		}
	default:
		e.Kind, e.Message = providers.ErrOther, rootCause(err)
	}
	e.Message = truncate(e.Message, 300)
	return e
}

// answered says which service answered with which HTTP status:
// "CloudWatch answered HTTP 500".
func answered(op string, status int) string {
	svc, _, _ := strings.Cut(op, ".")
	if status == 0 {
		return svc + " answered with a body virga cannot read"
	}
	if status < 400 {
		return svc + " answered HTTP " + strconv.Itoa(status) + " with a body virga cannot read"
	}
	return svc + " answered HTTP " + strconv.Itoa(status)
}

// isUnreadable recognises a response whose body could not be decoded.
func isUnreadable(err error) bool {
	var de *smithy.DeserializationError
	return errors.As(err, &de)
}

// regionDisabled recognises a call to a region the account has not opted
// into. AWS does not say so plainly: STS answers InvalidClientTokenId ("The
// security token included in the request is invalid") and most other
// services UnrecognizedClientException, as if the credentials were wrong.
// In an opt-in region that is far likelier to mean the region is off.
func regionDisabled(code, msg string, env errEnv) bool {
	if codeIs(code, providers.ErrRegionDisabled) {
		return true
	}
	lower := strings.ToLower(msg)
	if strings.Contains(lower, "region") && (strings.Contains(lower, "not enabled") ||
		strings.Contains(lower, "opt-in") || strings.Contains(lower, "opted in") || strings.Contains(lower, "is disabled")) {
		return true
	}
	return (code == "UnrecognizedClientException" || code == "InvalidClientTokenId") && isOptInRegion(env.Region)
}

// credentialAdvice says how to get working credentials for the profile.
func credentialAdvice(env errEnv, what string) string {
	switch {
	case env.SSO && env.Profile != "":
		return what + ": run aws sso login --profile " + env.Profile
	case env.SSO:
		return what + ": run aws sso login"
	case env.Profile != "" && env.Profile != "default":
		return what + ": run aws configure --profile " + env.Profile + " (or refresh the profile's credentials)"
	default:
		return what + ": run aws configure (or refresh your credentials)"
	}
}

// isCredentialFailure recognises a failure to obtain credentials before
// anything was sent: no credentials at all, or an expired SSO session.
func isCredentialFailure(err error) bool {
	var sig *v4.SigningError
	var tok *ssocreds.InvalidTokenError
	return errors.As(err, &sig) || errors.As(err, &tok) ||
		strings.Contains(err.Error(), "failed to retrieve credentials") ||
		strings.Contains(err.Error(), "failed to refresh cached credentials")
}

// isNetwork recognises transport failures: dial, DNS, reset, timeout.
func isNetwork(err error) bool {
	var send *smithyhttp.RequestSendError
	var op *net.OpError
	var dns *net.DNSError
	var ne net.Error
	return errors.As(err, &send) || errors.As(err, &op) || errors.As(err, &dns) || errors.As(err, &ne)
}

// iamAction names the IAM action behind an operation: the service's IAM
// prefix (not always its signing name: CloudWatch signs as "monitoring")
// and the operation name, e.g. "Lambda.ListFunctions" ->
// "lambda:ListFunctions", "Lambda.Invoke" -> "lambda:InvokeFunction".
func iamAction(op string) string {
	svc, name, ok := strings.Cut(op, ".")
	if !ok {
		return ""
	}
	prefix := strings.ToLower(svc) // lambda, ecs, cloudwatch, logs, sts
	if op == svcLambda+".Invoke" {
		name = "InvokeFunction"
	}
	return prefix + ":" + name
}

// requestID is the AWS request id of a failed call, when a response came.
func requestID(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.ServiceRequestID()
	}
	return ""
}

func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// retryAfter reads how long AWS asked the caller to wait: Lambda's modeled
// RetryAfterSeconds, or the Retry-After header of any response.
func retryAfter(err error) time.Duration {
	var tm *lambdatypes.TooManyRequestsException
	if errors.As(err, &tm) && tm.RetryAfterSeconds != nil {
		if d, ok := seconds(*tm.RetryAfterSeconds); ok {
			return d
		}
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		for _, h := range []string{"Retry-After", "X-Amz-Retry-After"} {
			if d, ok := seconds(re.Response.Header.Get(h)); ok {
				return d
			}
		}
	}
	return 0
}

func seconds(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// throttleReason says which limit was hit when AWS says so: Lambda's
// Reason (a function's own concurrency vs the API rate), or the message.
func throttleReason(err error) string {
	var tm *lambdatypes.TooManyRequestsException
	if errors.As(err, &tm) && tm.Reason != "" {
		return string(tm.Reason)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// rootCause is the innermost error's text, without the SDK's
// "operation error X: https response error ..." wrapping.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func orCode(msg, code string) string {
	if msg != "" {
		return msg
	}
	return code
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
