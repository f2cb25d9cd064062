package server

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// CloudWatch speaks Smithy RPC v2 CBOR by default and JSON 1.0 when the
// client overrides its protocol. Both carry the same documents; only the
// encoding differs (CBOR timestamps are tag 1 epoch seconds, JSON 1.0
// timestamps are epoch-second numbers). Requests are decoded into a
// JSON-shaped tree and then into typed structs; responses are built as
// trees of map[string]any, []any, string, numbers, bool, time.Time,
// []time.Time and []float64 and encoded for the call's protocol.

// decodeCW reads a CloudWatch request body into v.
func (c *call) decodeCW(v any) error {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return nil
	}
	if c.cbor {
		val, err := cbor.Decode(b)
		if err != nil {
			return errorf(http.StatusBadRequest, "SerializationException", "Could not parse CBOR request body: %v", err)
		}
		if b, err = json.Marshal(fromCBOR(val)); err != nil {
			return errorf(http.StatusBadRequest, "SerializationException", "Could not convert CBOR request body: %v", err)
		}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errorf(http.StatusBadRequest, "SerializationException", "Could not parse request body: %v", err)
	}
	return nil
}

// fromCBOR turns a decoded CBOR value into the tree encoding/json makes of
// the same document in JSON 1.0.
func fromCBOR(v cbor.Value) any {
	switch x := v.(type) {
	case cbor.Map:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = fromCBOR(e)
		}
		return m
	case cbor.List:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = fromCBOR(e)
		}
		return l
	case cbor.String:
		return string(x)
	case cbor.Uint:
		return uint64(x)
	case cbor.NegInt:
		return -int64(x)
	case cbor.Float32:
		return float64(x)
	case cbor.Float64:
		return float64(x)
	case cbor.Bool:
		return bool(x)
	case cbor.Slice:
		return []byte(x)
	case *cbor.Tag:
		return fromCBOR(x.Value) // tag 1: epoch seconds, as JSON 1.0 sends them
	case cbor.Tag:
		return fromCBOR(x.Value)
	}
	return nil
}

// writeCW encodes a response tree in the call's protocol.
func (c *call) writeCW(status int, rid string, tree any) {
	h := c.w.Header()
	var body []byte
	if c.cbor {
		body = cbor.Encode(toCBOR(tree))
		h.Set("Content-Type", "application/cbor")
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
	} else {
		var err error
		if body, err = json.Marshal(toJSON(tree)); err != nil {
			body, status = []byte(`{"__type":"InternalServiceFault","message":"encode"}`), http.StatusInternalServerError
		}
		h.Set("Content-Type", "application/x-amz-json-1.0")
	}
	h.Set("X-Amzn-Requestid", rid)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
}

// cborTime is a timestamp as RPC v2 CBOR writes it: tag 1 around integral
// epoch seconds when exact, else around float seconds.
func cborTime(t time.Time) cbor.Value {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return &cbor.Tag{ID: 1, Value: cborInt(ms / 1000)}
	}
	return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(ms) / 1000)}
}

func cborInt(n int64) cbor.Value {
	if n < 0 {
		return cbor.NegInt(uint64(-n))
	}
	return cbor.Uint(uint64(n))
}

func cborFloat(f float64) cbor.Value {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return cborInt(int64(f))
	}
	return cbor.Float64(f)
}

func toCBOR(v any) cbor.Value {
	switch x := v.(type) {
	case map[string]any:
		m := make(cbor.Map, len(x))
		for k, e := range x {
			m[k] = toCBOR(e)
		}
		return m
	case []map[string]any:
		return cborList(x, func(e map[string]any) cbor.Value { return toCBOR(e) })
	case []any:
		return cborList(x, toCBOR)
	case []float64:
		return cborList(x, cborFloat)
	case []time.Time:
		return cborList(x, cborTime)
	case []string:
		return cborList(x, func(s string) cbor.Value { return cbor.String(s) })
	case time.Time:
		return cborTime(x)
	case string:
		return cbor.String(x)
	case int:
		return cborInt(int64(x))
	case int64:
		return cborInt(x)
	case float64:
		return cborFloat(x)
	case bool:
		return cbor.Bool(x)
	case nil:
		return &cbor.Nil{}
	}
	panic(fmt.Sprintf("sim server: no CBOR encoding for %T", v))
}

// cborList encodes each element of a slice with enc.
func cborList[T any](xs []T, enc func(T) cbor.Value) cbor.List {
	l := make(cbor.List, len(xs))
	for i, x := range xs {
		l[i] = enc(x)
	}
	return l
}

// toJSON replaces the timestamps of a tree with epoch-second numbers.
func toJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = toJSON(e)
		}
		return m
	case []map[string]any:
		return jsonList(x, func(e map[string]any) any { return toJSON(e) })
	case []any:
		return jsonList(x, toJSON)
	case []time.Time:
		l := make([]float64, len(x))
		for i, t := range x {
			l[i] = float64(t.UnixMilli()) / 1000
		}
		return l
	case time.Time:
		return float64(x.UnixMilli()) / 1000
	}
	return v
}

// jsonList converts each element of a slice with conv.
func jsonList[T any](xs []T, conv func(T) any) []any {
	l := make([]any, len(xs))
	for i, x := range xs {
		l[i] = conv(x)
	}
	return l
}
