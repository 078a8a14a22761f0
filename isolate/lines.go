package isolate

import (
	"bytes"
	"log/slog"
	"sync"
)

// maxLine bounds one logged line of a child's stderr; maxLines the lines
// logged over a child's life (a runtime crash prints every goroutine).
const (
	maxLine  = 1000
	maxLines = 200
)

// lineLog logs a child's stderr line by line, at warning level.
type lineLog struct {
	log   *slog.Logger
	mu    sync.Mutex
	buf   []byte
	lines int
}

func (l *lineLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, b...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			if len(l.buf) > maxLine {
				l.emit(l.buf)
				l.buf = l.buf[:0]
			}
			return len(b), nil
		}
		l.emit(l.buf[:i])
		l.buf = l.buf[i+1:]
	}
}

func (l *lineLog) emit(line []byte) {
	l.lines++
	if l.lines > maxLines || len(bytes.TrimSpace(line)) == 0 {
		return
	}
	if len(line) > maxLine {
		line = line[:maxLine]
	}
	l.log.Warn("worker: " + string(line))
}
