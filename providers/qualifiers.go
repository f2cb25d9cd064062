package providers

import (
	"slices"
	"strconv"
)

// Qualifiers lists a function's aliases and its published versions,
// oldest version first ($LATEST is not a published version).
func (d FunctionDetail) Qualifiers() (aliases, versions []string) {
	for _, a := range d.Aliases {
		aliases = append(aliases, a.Name)
	}
	for _, v := range d.Versions {
		if v.Version != "$LATEST" {
			versions = append(versions, v.Version)
		}
	}
	slices.SortFunc(versions, func(a, b string) int { return versionNumber(a) - versionNumber(b) })
	return aliases, versions
}

// versionNumber is a version's number, -1 for what is not one.
func versionNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
