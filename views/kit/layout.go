package kit

// Overlay draws box (lines) over base (lines) starting at row y, keeping
// the base lines elsewhere.
func Overlay(base []string, box []string, y int) []string {
	out := append([]string(nil), base...)
	for i, l := range box {
		if y+i >= 0 && y+i < len(out) {
			out[y+i] = l
		}
	}
	return out
}
