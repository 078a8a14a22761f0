package ledgerbook

import "context"

// pipeBatch is how many rows pass from the reader to the writer at a time;
// pipeDepth how many batches may wait between them.
const (
	pipeBatch = 256
	pipeDepth = 4
)

// piped calls fn with each row each gives, as each does, but with each
// reading in a goroutine of its own: a sheet's rows are read (from the
// store, folding the register) while the rows before them are written,
// the two sharing the machine's cores. Rows are copied into batches, so
// each may reuse the row it passes. piped returns when both are done: the
// writer's error first, else the reader's. The reader's goroutine is
// piped's own: it is stopped (through its context) when fn fails, and
// waited for.
func piped[T any](ctx context.Context, each func(context.Context, func(*T) error) error, fn func(*T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan []T, pipeDepth)
	empty := make(chan []T, pipeDepth+2)
	done := make(chan error, 1)
	go func() {
		defer close(full)
		batch := make([]T, 0, pipeBatch)
		send := func() error {
			select {
			case full <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case batch = <-empty:
				batch = batch[:0]
			default:
				batch = make([]T, 0, pipeBatch)
			}
			return nil
		}
		err := each(ctx, func(row *T) error {
			batch = append(batch, *row)
			if len(batch) < pipeBatch {
				return nil
			}
			return send()
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		done <- err
	}()
	var werr error
	for batch := range full {
		for i := 0; i < len(batch) && werr == nil; i++ {
			werr = fn(&batch[i])
		}
		if werr != nil {
			cancel() // the reader stops at its next row or query
		}
		select {
		case empty <- batch:
		default:
		}
	}
	rerr := <-done
	if werr != nil {
		return werr
	}
	return rerr
}
