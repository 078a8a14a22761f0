package isolate

import (
	"context"
	"testing"

	"stpclaims"
	"stpclaims/process"
	"stpclaims/validate"
)

// BenchmarkCheck_inProcess and BenchmarkCheck_pool check the same
// Annexure II workbook one after another, in this process and in one
// worker: the difference is what the child costs a file (the submission
// and the result through the pipes, gob both ways).
//
//	go test ./isolate -run '^$' -bench Check_ -cpu 1
func BenchmarkCheck_inProcess(b *testing.B) {
	cards, err := validate.NewCards()
	if err != nil {
		b.Fatal(err)
	}
	c := &process.Checker{Cards: cards}
	benchCheck(b, c.Check)
}

func BenchmarkCheck_pool(b *testing.B) {
	p := newPool(b, Config{})
	benchCheck(b, p.Check)
}

func benchCheck(b *testing.B, check func(context.Context, stpclaims.Submission) (process.Result, error)) {
	sub := stpclaims.NewSubmission("claim.xlsx", example(b), stpclaims.SourceFolder, received)
	if _, err := check(context.Background(), sub); err != nil { // start the worker
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := check(context.Background(), sub); err != nil {
			b.Fatal(err)
		}
	}
}
