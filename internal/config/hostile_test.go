package config_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/testkit"
)

// hostile are files written to hurt: each must load with every change
// refused, quickly and in little memory.
func hostile() map[string]string {
	return map[string]string{
		"alias bomb":         aliasBomb(),
		"deep flow nesting":  "keys:\n  x: " + strings.Repeat("[", 32000) + strings.Repeat("]", 32000) + "\n",
		"deep block nesting": "keys:\n" + deepBlock(200),
		"deep dashes":        "keys:\n  x:\n" + strings.Repeat("- ", 32000) + "j\n",
		"huge file":          rules + strings.Repeat("keys:\n  list.down: [j, down]\n", 200000),
		"long line":          "theme: \"" + strings.Repeat("x", 10<<20) + "\"\n",
	}
}

// writeHostile writes each hostile file into a fresh directory and
// returns its path by name.
func writeHostile(tb testing.TB) map[string]string {
	tb.Helper()
	dir := tb.TempDir()
	paths := map[string]string{}
	for name, doc := range hostile() {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		testkit.WriteFile(tb, path, doc)
		paths[name] = path
	}
	return paths
}

// TestHostileFilesLoadSmall loads each hostile file through Load and
// prints what it cost; the memory allocated must stay under 50 MiB (time
// is printed by BenchmarkHostileLoad, not asserted).
func TestHostileFilesLoadSmall(t *testing.T) {
	docs := hostile()
	for name, path := range writeHostile(t) {
		doc := docs[name]
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c, msgs := config.Load(path)
		runtime.ReadMemStats(&after)
		allocated := after.TotalAlloc - before.TotalAlloc
		t.Logf("%-18s %8d bytes on disk: %6.2f MiB allocated, locked: %v", name, len(doc), float64(allocated)/(1<<20), c.Locked != "")
		if c.Locked == "" || !c.ReadOnlyFor("dev", "000000000000") || len(msgs) == 0 {
			t.Errorf("%s: not refused: %+v %q", name, c, msgs)
		}
		if allocated > 50<<20 {
			t.Errorf("%s: %d MiB allocated, want at most 50", name, allocated>>20)
		}
	}
}

// BenchmarkHostileLoad reports how long each hostile file takes to load.
func BenchmarkHostileLoad(b *testing.B) {
	for name, path := range writeHostile(b) {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				config.Load(path)
			}
		})
	}
}
