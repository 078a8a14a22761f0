//go:build integration

package output

// fullProperties is true under the integration tag (CI): the property
// tests run all their random cases (propertyCases).
const fullProperties = true
