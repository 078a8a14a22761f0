package store

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// text order is time order in SQL comparisons.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// timeText writes t as the store keeps times.
func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTimeText writes t, or NULL for the zero time.
func nullTimeText(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: timeText(t), Valid: true}
}

// parseTime reads a time the store wrote; NULL or empty is the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}
