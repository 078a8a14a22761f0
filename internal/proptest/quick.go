//go:build !integration

package proptest

// full is false in a plain go test: a quick sample.
const full = false
