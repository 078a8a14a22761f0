-- 0005: the register of advances.
--
-- Requests and settlements are claims already held in submissions; what the
-- register needs of each (from its report) is kept beside it in
-- claim_facts, so that the register can be rebuilt without reading every
-- report. The other steps of an advance (recommended, sanctioned, paid,
-- withdrawn) arrive as rows of returned workbooks and are kept as events of
-- their own in advance_events, each with its source, who and when.

CREATE TABLE claim_facts (
	submission_id INTEGER PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
	advance       TEXT,    -- Annexure II: line 21 as claimed
	largest       TEXT,    -- Annexure II: the largest advance that may be sanctioned
	ta_advance    TEXT,    -- Annexure II: line 18 admissible
	da_advance    TEXT,    -- Annexure II: line 19 admissible
	expenditure   TEXT,    -- settlement: the admissible expenditure
	first_day     TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD
	last_day      TEXT NOT NULL DEFAULT '',
	facilitator   TEXT NOT NULL DEFAULT '', -- the e-mail the form names
	coordinator   TEXT NOT NULL DEFAULT '',
	deviations    INTEGER NOT NULL DEFAULT 0 -- deviation findings in its report
) STRICT;

-- The facts of the claims already entered, from their reports.
INSERT INTO claim_facts (submission_id, advance, largest, ta_advance, da_advance, expenditure,
	first_day, last_day, facilitator, coordinator, deviations)
SELECT s.id,
	CASE WHEN s.form = 'annexure2' THEN json_extract(CAST(s.report_json AS TEXT), '$.fields.advance_claimed.value') END,
	json_extract(CAST(s.report_json AS TEXT), '$.max_advance'),
	(SELECT json_extract(l.value, '$.admissible') FROM json_each(CAST(s.report_json AS TEXT), '$.lines') l
		WHERE json_extract(l.value, '$.field') = 'ta_advance'),
	(SELECT json_extract(l.value, '$.admissible') FROM json_each(CAST(s.report_json AS TEXT), '$.lines') l
		WHERE json_extract(l.value, '$.field') = 'da_advance'),
	CASE WHEN s.form = 'settlement' THEN json_extract(CAST(s.report_json AS TEXT), '$.totals.admissible') END,
	coalesce(json_extract(CAST(s.report_json AS TEXT), '$.fields.start_date.value'), ''),
	coalesce(json_extract(CAST(s.report_json AS TEXT), '$.fields.end_date.value'), ''),
	lower(trim(coalesce(json_extract(CAST(s.report_json AS TEXT), '$.fields.facilitator_email.value'), ''))),
	lower(trim(coalesce(json_extract(CAST(s.report_json AS TEXT), '$.fields.coordinator_email.value'), ''))),
	(SELECT count(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'deviation')
FROM submissions s
WHERE s.form IN ('annexure2', 'settlement') AND s.status <> 'rejected-unreadable'
	AND json_valid(CAST(s.report_json AS TEXT));

CREATE TABLE advance_events (
	id             INTEGER PRIMARY KEY,
	action         TEXT    NOT NULL CHECK (action IN ('recommend', 'sanction', 'pay', 'withdraw')),
	programme_code TEXT    NOT NULL,
	code_key       TEXT    NOT NULL, -- programme code, trimmed, upper case
	claim_id       INTEGER NOT NULL REFERENCES submissions (id), -- the Annexure II acted on
	fingerprint    TEXT    NOT NULL DEFAULT '', -- its sha256 as the workbook showed it
	source_sha256  TEXT    NOT NULL, -- the returned workbook that carried the event
	message_id     TEXT    NOT NULL DEFAULT '', -- its mail's Message-ID; '' for the folder
	by_whom        TEXT    NOT NULL, -- a bare address, or 'finance desk'
	at             TEXT    NOT NULL, -- when the workbook arrived
	amount         TEXT,             -- decimal text
	on_day         TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD: sanction order date, day paid
	ref            TEXT    NOT NULL DEFAULT '', -- sanction order number, payment reference
	mode           TEXT    NOT NULL DEFAULT '' CHECK (mode IN ('', 'bank transfer', 'cheque')),
	remarks        TEXT    NOT NULL DEFAULT '',
	recorded       TEXT    NOT NULL
) STRICT;
-- The same workbook records each step of a programme once, however often
-- it is taken.
CREATE UNIQUE INDEX advance_events_once ON advance_events (source_sha256, action, code_key);
CREATE INDEX advance_events_code ON advance_events (code_key, at, id);
CREATE INDEX advance_events_at ON advance_events (at, id);

-- Folder drops now count as one sender (the finance desk): a later drop of
-- the same form and programme code supersedes the earlier. Apply that to the
-- drops already entered: every live one but the latest of its form and code
-- is superseded by the latest.
UPDATE submissions AS s SET superseded_by = (
	SELECT l.id FROM submissions l
	WHERE l.superseded_by IS NULL AND l.form = s.form AND l.code_key = s.code_key
		AND l.sender_key = '' AND l.source = 'folder' AND l.status <> 'rejected-unreadable'
	ORDER BY l.received DESC, l.id DESC LIMIT 1)
WHERE s.superseded_by IS NULL AND s.sender_key = '' AND s.source = 'folder' AND s.code_key <> ''
	AND s.status <> 'rejected-unreadable' AND s.form IN ('annexure2', 'ta-bill', 'settlement')
	AND s.id <> (
		SELECT l.id FROM submissions l
		WHERE l.superseded_by IS NULL AND l.form = s.form AND l.code_key = s.code_key
			AND l.sender_key = '' AND l.source = 'folder' AND l.status <> 'rejected-unreadable'
		ORDER BY l.received DESC, l.id DESC LIMIT 1);
