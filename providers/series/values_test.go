package series_test

import (
	"math"
	"testing"

	"github.com/virgahq/virga/providers/series"
)

func TestSummariesSkipMissingPeriods(t *testing.T) {
	nan := math.NaN()
	v := []float64{nan, 3, nan, 7, 2, nan}
	if got := series.Sum(v); got != 12 {
		t.Errorf("Sum = %v, want 12", got)
	}
	if got := series.Mean(v); got != 4 {
		t.Errorf("Mean = %v, want 4", got)
	}
	if p, at := series.Peak(v); p != 7 || at != 3 {
		t.Errorf("Peak = %v at %d, want 7 at 3", p, at)
	}
	if l, at := series.Last(v); l != 2 || at != 4 {
		t.Errorf("Last = %v at %d, want 2 at 4", l, at)
	}
	empty := []float64{nan, nan}
	if p, at := series.Peak(empty); !math.IsNaN(p) || at != -1 {
		t.Errorf("Peak of nothing = %v at %d", p, at)
	}
	if l, at := series.Last(empty); !math.IsNaN(l) || at != -1 {
		t.Errorf("Last of nothing = %v at %d", l, at)
	}
	if !math.IsNaN(series.Mean(empty)) || series.Sum(empty) != 0 {
		t.Error("Mean of nothing must be NaN and its Sum 0")
	}
}
