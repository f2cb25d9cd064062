package testkit

// Tally compares how often each item was seen (got) with how often it
// should have been (want): lost counts the missing sightings, dup the
// repeated ones, extra the sightings of items want does not hold.
func Tally[K comparable](want, got map[K]int) (lost, dup, extra int) {
	for k, n := range want {
		switch g := got[k]; {
		case g < n:
			lost += n - g
		case g > n:
			dup += g - n
		}
	}
	for k, g := range got {
		if want[k] == 0 {
			extra += g
		}
	}
	return lost, dup, extra
}
