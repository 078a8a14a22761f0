-- 0003: the rows of each TA bill (one per participant and per guest
-- faculty) with what was claimed and what is admissible, for the ledger.
CREATE TABLE bill_rows (
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	kind          TEXT    NOT NULL CHECK (kind IN ('participant', 'guest faculty')),
	row           INTEGER NOT NULL,
	name          TEXT    NOT NULL DEFAULT '',
	pen           TEXT    NOT NULL DEFAULT '',
	office        TEXT    NOT NULL DEFAULT '',
	claimed       TEXT    NOT NULL,
	admissible    TEXT    NOT NULL,
	PRIMARY KEY (submission_id, seq)
) STRICT;
