package aws

import (
	"fmt"
	"math"
	"strconv"

	"github.com/virgahq/virga/providers"
)

// int32Field converts a count for an API field typed int32. A value
// outside int32 is refused here, before anything is sent: converting it
// would wrap (4294967296 becomes 0, a reserved concurrency that throttles
// every invocation). The action package refuses such values earlier,
// with the field's real limits; this is the last wall.
func int32Field(op, field string, n int) (*int32, error) {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: op,
			Message: fmt.Sprintf("%s %d does not fit the API's 32-bit field; nothing was sent", field, n)}
	}
	v := int32(n)
	return &v, nil
}

// applied records a value the response carries, for Receipt.Applied.
func applied(m map[string]string, name string, v *int32) map[string]string {
	if v == nil {
		return m
	}
	if m == nil {
		m = map[string]string{}
	}
	m[name] = strconv.Itoa(int(*v))
	return m
}
