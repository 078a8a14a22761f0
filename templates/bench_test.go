package templates

import (
	"testing"

	"stpclaims/validate"
)

// BenchmarkAll is the cost of answering one request for the blank forms.
func BenchmarkAll(b *testing.B) {
	card := validate.Builtin()
	for b.Loop() {
		if _, err := All(card); err != nil {
			b.Fatal(err)
		}
	}
}
