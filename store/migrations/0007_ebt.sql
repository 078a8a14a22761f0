-- 0006: the e-BT lists (payments by electronic bank transfer).

-- Each bill row's account number and IFSC as written, for the lists. NULL
-- on the rows of bills entered before: those bills are not listed (their
-- workbooks were not kept; sending them again lists them).
ALTER TABLE bill_rows ADD COLUMN account_no TEXT;
ALTER TABLE bill_rows ADD COLUMN ifsc TEXT;

-- One list: the payments finance uploads to the bank. A draft (from a bill
-- returned or awaiting a decision) is never uploaded; the upload mark says
-- who marked it, the day it went to the bank and when that was recorded.
CREATE TABLE ebt_lists (
	id              INTEGER PRIMARY KEY,
	programme_code  TEXT    NOT NULL,
	code_key        TEXT    NOT NULL, -- programme code, trimmed, upper case
	source          TEXT    NOT NULL CHECK (source IN ('ta-bill', 'advance')),
	seq             INTEGER NOT NULL CHECK (seq >= 1), -- 1, 2, … per programme and source
	submission_id   INTEGER NOT NULL REFERENCES submissions (id),
	draft           INTEGER NOT NULL CHECK (draft IN (0, 1)),
	made            TEXT    NOT NULL,
	revised         TEXT    NOT NULL,
	uploaded_on     TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD; '' until marked
	uploaded_by     TEXT    NOT NULL DEFAULT '',
	upload_recorded TEXT    NOT NULL DEFAULT '',
	upload_source   TEXT    NOT NULL DEFAULT '', -- the returned workbook's sha256, or 'cli'
	CHECK (uploaded_on = '' OR draft = 0),
	UNIQUE (code_key, source, seq)
) STRICT;

-- The rows of each list: sheet 'pay' are the payments (serial order),
-- 'other' the rows not paid by transfer, with their reasons. A payment row
-- withdrawn from a draft by a corrected bill keeps its place, marked.
CREATE TABLE ebt_rows (
	list_id          INTEGER NOT NULL REFERENCES ebt_lists (id),
	sheet            TEXT    NOT NULL CHECK (sheet IN ('pay', 'other')),
	serial           INTEGER NOT NULL CHECK (serial >= 1),
	kind             TEXT    NOT NULL,
	bill_row         INTEGER NOT NULL DEFAULT 0,
	name             TEXT    NOT NULL DEFAULT '',
	pen              TEXT    NOT NULL DEFAULT '',
	office           TEXT    NOT NULL DEFAULT '',
	account_no       TEXT    NOT NULL DEFAULT '',
	ifsc             TEXT    NOT NULL DEFAULT '',
	bank             TEXT    NOT NULL DEFAULT '',
	amount           TEXT    NOT NULL, -- decimal text
	narration        TEXT    NOT NULL DEFAULT '',
	reason           TEXT    NOT NULL DEFAULT '',
	withdrawn        INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
	withdrawn_by     INTEGER REFERENCES ebt_lists (id),
	withdrawn_reason TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (list_id, sheet, serial)
) STRICT;

-- Which lists pay each row of a bill (the ledger's TA Bills sheet shows
-- them): written for the bill a list was planned from, kept as they were
-- for a bill a later one replaced.
CREATE TABLE ebt_links (
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	kind          TEXT    NOT NULL,
	bill_row      INTEGER NOT NULL,
	list_id       INTEGER NOT NULL REFERENCES ebt_lists (id),
	PRIMARY KEY (submission_id, kind, bill_row, list_id)
) STRICT;

-- The bill each programme's lists were last planned from, and its review
-- state then: a programme whose latest bill is still that one, in that
-- state, has nothing new to plan (the daemon's catch-up passes it over).
CREATE TABLE ebt_synced (
	code_key      TEXT    PRIMARY KEY,
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	review        TEXT    NOT NULL
) STRICT;
