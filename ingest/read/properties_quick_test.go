//go:build !integration

package read

// fullProperties is false in a plain go test: the property tests run a
// quick sample of their random cases (propertyCases); CI, which sets the
// integration tag, runs them all.
const fullProperties = false
