//go:build race

package main

// raceEnabled says the tests run under the race detector, which
// multiplies memory use: memory figures mean nothing then.
const raceEnabled = true
