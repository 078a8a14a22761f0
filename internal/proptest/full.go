//go:build integration

package proptest

// full is true under the integration tag (CI): every case.
const full = true
