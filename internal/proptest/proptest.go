// Package proptest sizes the random samples of the property tests (the raw
// row scanner against excelize's Rows, the raw sheet edits against
// excelize's): all their cases under the integration build tag, which CI
// sets, a quick sample in a plain go test, and their short counts under
// -short. It is for tests only.
package proptest

import "testing"

// Cases is how many random cases a property test runs.
func Cases(all, quick, short int) int {
	switch {
	case testing.Short():
		return short
	case full:
		return all
	}
	return quick
}
