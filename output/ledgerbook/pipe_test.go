package ledgerbook

import (
	"context"
	"errors"
	"testing"
)

// numbers is a row source of n rows, 0 to n-1, passing each in the same
// variable (as the store's readers do); it stops when its context is done
// and counts the rows it read.
func numbers(n int, read *int) func(context.Context, func(*int) error) error {
	return func(ctx context.Context, fn func(*int) error) error {
		var row int
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			row = i
			*read++
			if err := fn(&row); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestPiped(t *testing.T) {
	ctx := context.Background()
	t.Run("every row, in order", func(t *testing.T) {
		for _, n := range []int{0, 1, pipeBatch, pipeBatch*pipeDepth*3 + 7} {
			var got []int
			read := 0
			if err := piped(ctx, numbers(n, &read), func(r *int) error { got = append(got, *r); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("%d rows of %d", len(got), n)
			}
			for i, r := range got {
				if r != i {
					t.Fatalf("row %d is %d", i, r)
				}
			}
		}
	})
	t.Run("the writer's error stops the reader", func(t *testing.T) {
		boom := errors.New("disk full")
		read, n := 0, 100*pipeBatch
		err := piped(ctx, numbers(n, &read), func(r *int) error {
			if *r == 10 {
				return boom
			}
			return nil
		})
		if !errors.Is(err, boom) {
			t.Errorf("err %v", err)
		}
		if read > (pipeDepth+3)*pipeBatch {
			t.Errorf("the reader read %d rows after the writer failed at row 10", read)
		}
	})
	t.Run("the reader's error", func(t *testing.T) {
		bad := errors.New("bad row")
		var written int
		err := piped(ctx, func(_ context.Context, fn func(*int) error) error {
			for i := range 10 {
				if err := fn(&i); err != nil {
					return err
				}
			}
			return bad
		}, func(*int) error { written++; return nil })
		if !errors.Is(err, bad) || written > 10 {
			t.Errorf("err %v after %d rows", err, written)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		read := 0
		err := piped(ctx, numbers(100*pipeBatch, &read), func(r *int) error {
			if *r == 5 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v", err)
		}
	})
}
