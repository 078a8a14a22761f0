package main

import (
	"os"
	"strings"
	"testing"

	"stpclaims/validate"
)

// TestREADME_rules: the README's rules table lists every rule of the
// catalogue with its clause and severity.
func TestREADME_rules(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, r := range validate.Rules() {
		row := "| " + r.ID + " | " + r.Clause + " | " + string(r.Severity) + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks the row for %s (%q)", r.ID, row)
		}
	}
}

// TestREADME_commands: the README starts with the main-job command and the
// test command, and the test command is what CI runs.
func TestREADME_commands(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	block := readme[strings.Index(readme, "```sh")+len("```sh"):]
	block = block[:strings.Index(block, "```")]
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "go run ./cmd/stpclaims serve") || !strings.HasPrefix(lines[1], "scripts/test") {
		t.Errorf("the README's first block is not the two commands:\n%s", block)
	}
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "\nscripts/test\n") {
		t.Error(".ci/run does not run scripts/test")
	}
	smoke := strings.Index(string(ci), "-run '^TestServe_firstStartBinary$' ./cmd/stpclaims")
	if smoke < 0 || smoke > strings.Index(string(ci), "\nscripts/test\n") {
		t.Error(".ci/run does not run the smoke test (TestServe_firstStartBinary) before scripts/test")
	}
}
