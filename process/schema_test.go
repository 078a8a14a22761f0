package process

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"stpclaims"
)

// docs/report.schema.json is the contract for the JSON report.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "docs", "report.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReport_schema(t *testing.T) {
	schema := compileSchema(t)
	// The schema is live: a report without a status or with a number for
	// money fails it.
	for _, bad := range []string{
		`{"file":"x","form":"annexure2","rate_card":"STP-2015","fields":{},"lines":[],"findings":[]}`,
		`{"file":"x","form":"annexure2","status":"clean","rate_card":"STP-2015","fields":{},"lines":[{"field":"food","claimed":1,"cap":"1","admissible":"1"}],"findings":[]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Fatalf("the schema accepts %s", bad)
		}
	}
	c := newChecker(t)
	inputs := map[string][]byte{"empty.xlsx": nil}
	for _, path := range fixtures(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(path)] = data
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			res, err := c.Check(t.Context(), stpclaims.NewSubmission(name, data, stpclaims.SourceCLI, received))
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.SplitAfter(res.JSON(), []byte("\n"))
			if len(lines) != len(res.Programmes)+1 || len(lines[len(lines)-1]) != 0 {
				t.Fatalf("%d lines of JSON for %d programmes:\n%s", len(lines)-1, len(res.Programmes), res.JSON())
			}
			for _, line := range lines[:len(lines)-1] {
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
				if err != nil {
					t.Fatalf("not JSON: %v\n%s", err, line)
				}
				if err := schema.Validate(inst); err != nil {
					t.Errorf("report does not follow the schema: %v\n%s", err, line)
				}
			}
		})
	}
}
