package sim

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Purpose tags keep the random streams of different concerns apart: the
// draws that decide how many invocations a minute has never share a stream
// with the draws that shape them, so adding detail to one never shifts the
// other.
const (
	tagName uint64 = iota + 1
	tagCounts
	tagInv
	tagBurst
	tagIncident
	tagEpoch
	tagEnv
	tagRecycle
	tagRequest
	tagLog
	tagEventID
	tagCode
	tagESM
	tagFunc
	tagECS
	tagTask
	tagDeploy
	tagNatural
	tagSvcEvent
	tagECSLog
	tagECSMetric
	tagInvoke
	tagInit
	tagTarget
)

// mix is the splitmix64 finaliser: a cheap, well-distributed 64-bit step.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash combines values into one key; order matters.
func hash(vals ...uint64) uint64 {
	h := uint64(0x243f6a8885a308d3)
	for _, v := range vals {
		h = mix(h ^ v)
	}
	return h
}

// hashString is FNV-1a followed by a mix, so similar names spread well.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix(h)
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) * (1.0 / (1 << 53)) }

// rng is a PCG stream with the few distributions the model needs. It is a
// value type so that seeding one per minute costs no allocation.
type rng struct {
	src      rand.PCG
	spare    float64
	hasSpare bool
}

func newRNG(a, b uint64) rng {
	var r rng
	r.src.Seed(a, b)
	return r
}

func (r *rng) Uint64() uint64 { return r.src.Uint64() }

// Float64 is uniform in [0, 1).
func (r *rng) Float64() float64 { return unit(r.src.Uint64()) }

// Intn is uniform in [0, n); n must be > 0.
func (r *rng) Intn(n int) int { return int(r.src.Uint64() % uint64(n)) }

// Range is uniform in [lo, hi).
func (r *rng) Range(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// Bool is true with probability p.
func (r *rng) Bool(p float64) bool { return r.Float64() < p }

// Norm is standard normal (Marsaglia's polar method).
func (r *rng) Norm() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		s := u*u + v*v
		if s > 0 && s < 1 {
			f := math.Sqrt(-2 * math.Log(s) / s)
			r.spare, r.hasSpare = v*f, true
			return u * f
		}
	}
}

// Exp is exponential with mean 1.
func (r *rng) Exp() float64 { return -math.Log(1 - r.Float64()) }

// LogNormal draws around median with log-space spread sigma: the usual
// shape of request latencies.
func (r *rng) LogNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.Norm())
}

// Poisson draws a count with mean lambda; above 30 the normal
// approximation is indistinguishable on screen and O(1).
func (r *rng) Poisson(lambda float64) int {
	switch {
	case lambda <= 0:
		return 0
	case lambda < 30:
		l := math.Exp(-lambda)
		k, p := 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	default:
		n := math.Round(lambda + math.Sqrt(lambda)*r.Norm())
		if n < 0 {
			return 0
		}
		return int(n)
	}
}

// Binomial draws how many of n trials with probability p succeed.
func (r *rng) Binomial(n int, p float64) int {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	case p > 0.5:
		return n - r.Binomial(n, 1-p)
	case n < 40:
		k := 0
		for i := 0; i < n; i++ {
			if r.Float64() < p {
				k++
			}
		}
		return k
	case float64(n)*p < 20:
		// Waiting times between successes are geometric: exact and cheap
		// when successes are rare.
		lq := math.Log1p(-p)
		k, i := 0, 0.0
		for {
			// Skips are computed in float: for tiny p they exceed any int.
			i += math.Floor(math.Log(1-r.Float64())/lq) + 1
			if i > float64(n) {
				return k
			}
			k++
		}
	default:
		mean := float64(n) * p
		k := int(math.Round(mean + math.Sqrt(mean*(1-p))*r.Norm()))
		return max(0, min(n, k))
	}
}

const hexDigits = "0123456789abcdef"

// appendHex appends the low n hex digits of v, most significant first.
func appendHex(b []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, hexDigits[(v>>(uint(i)*4))&0xf])
	}
	return b
}

// hex32 is 32 hex characters from two hashes: ECS task ids, stream ids.
func hex32(a, b uint64) string {
	buf := make([]byte, 0, 32)
	buf = appendHex(buf, a, 16)
	buf = appendHex(buf, b, 16)
	return string(buf)
}

// uuid formats two hashes as a version-4 UUID, the shape of AWS request ids.
func uuid(a, b uint64) string {
	a = (a &^ (0xf << 12)) | (0x4 << 12)
	b = (b &^ (0x3 << 62)) | (0x2 << 62)
	buf := make([]byte, 0, 36)
	buf = appendHex(buf, a>>32, 8)
	buf = append(buf, '-')
	buf = appendHex(buf, a>>16, 4)
	buf = append(buf, '-')
	buf = appendHex(buf, a, 4)
	buf = append(buf, '-')
	buf = appendHex(buf, b>>48, 4)
	buf = append(buf, '-')
	buf = appendHex(buf, b, 12)
	return string(buf)
}

// eventID is a 56-digit decimal string like the ids CloudWatch Logs gives
// events. The leading digits follow the timestamp so ids sort roughly by
// time, as AWS's do.
func eventID(tsMs int64, h uint64) string {
	buf := make([]byte, 0, 56)
	buf = strconv.AppendInt(buf, 3e17+tsMs%1e17, 10) // 18 digits
	for _, v := range []uint64{mix(h), mix(h ^ 0x5bd1e995)} {
		s := strconv.FormatUint(v%1e19, 10)
		for i := len(s); i < 19; i++ {
			buf = append(buf, '0')
		}
		buf = append(buf, s...)
	}
	return string(buf[:56])
}
