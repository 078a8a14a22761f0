package store

import (
	"context"
	"fmt"
)

// AnnotatedCopy is the attachment called name (a claim's annotated copy,
// NAME.checked.xlsx) of the reply queued with claim id's mail message, for
// the facilitator's weekly mail; a claim that is one of several forms of
// a workbook (entered once a sheet) shares the copy of its workbook. found is false when there is none (a
// claim from the folder, whose copy is in the outbox folder, or one whose
// reply carried no copy) or when the reply carries two of that name (the
// same file name twice in one mail): which is the claim's cannot be told.
func (s *Store) AnnotatedCopy(ctx context.Context, id int64, name string) (data []byte, found bool, err error) {
	rows, err := s.read.QueryContext(ctx, `SELECT a.data FROM outbox_attachments a JOIN outbox o ON o.id = a.outbox_id
		WHERE a.name = ? AND o.kind = ? AND o.submission_id IN (
			SELECT s2.id FROM submissions s1 JOIN submissions s2 ON s2.sha256 = s1.sha256 WHERE s1.id = ? UNION
			SELECT p2.submission_id FROM message_parts p1 JOIN message_parts p2 ON p2.message = p1.message
			JOIN submissions s1 ON s1.id = ? JOIN submissions s2 ON s2.sha256 = s1.sha256
			WHERE p1.submission_id = s2.id)
		ORDER BY o.id LIMIT 2`, name, kindReply, id, id)
	if err != nil {
		return nil, false, fmt.Errorf("store: annotated copy of claim %d: %w", id, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if err := rows.Scan(&data); err != nil {
			return nil, false, fmt.Errorf("store: annotated copy of claim %d: %w", id, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: annotated copy of claim %d: %w", id, err)
	}
	if n != 1 {
		return nil, false, nil
	}
	return data, true, nil
}
