-- 0002: the facilitators' review loop and the overdue notices.

-- review is a claim's state after its facilitator's decisions: '' while
-- none is recorded or some deviation is undecided, else 'approved',
-- 'rejected' or 'query' (back to the co-ordinator).
ALTER TABLE submissions ADD COLUMN review TEXT NOT NULL DEFAULT ''
	CHECK (review IN ('', 'approved', 'rejected', 'query'));

-- Every decision recorded on a deviation, with who made it and when; the
-- latest per finding counts, the earlier ones stay as history.
CREATE TABLE decisions (
	id            INTEGER PRIMARY KEY,
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	finding_id    INTEGER NOT NULL REFERENCES findings (id),
	decision      TEXT    NOT NULL CHECK (decision IN ('approve', 'reject', 'query')),
	remarks       TEXT    NOT NULL DEFAULT '',
	decided_by    TEXT    NOT NULL, -- the sender's bare address, lower case
	decided_at    TEXT    NOT NULL, -- when the review workbook was received
	source_sha256 TEXT    NOT NULL DEFAULT '', -- the returned review workbook
	recorded      TEXT    NOT NULL
) STRICT;
CREATE INDEX decisions_finding ON decisions (finding_id, id);
CREATE INDEX decisions_submission ON decisions (submission_id);

-- Notices sent about a claim (kind 'overdue'), so that one advance gets at
-- most one a week.
CREATE TABLE notices (
	id            INTEGER PRIMARY KEY,
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	kind          TEXT    NOT NULL,
	sent          TEXT    NOT NULL,
	outbox_id     INTEGER REFERENCES outbox (id)
) STRICT;
CREATE INDEX notices_last ON notices (submission_id, kind, sent);
