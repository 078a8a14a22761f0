-- 0009: what the ledger shows of each Annexure II and settlement statement,
-- kept beside the register's facts in claim_facts, so that the ledger of
-- any size is written without decoding a single report.
--
-- The form's fields are kept as the form gives them (trimmed when entered;
-- the rows filled here from the reports keep any spaces, and readers trim):
-- a field that is no date or amount stays what it was, and the reader
-- treats it as unknown, as it did reading the report. Totals, balance and
-- penal interest are the program's own decimal text, or NULL. lines holds
-- the report's money lines in order, one a line, each "field claimed
-- admissible" (a field name and two decimals, separated by one space).

ALTER TABLE claim_facts ADD COLUMN name              TEXT NOT NULL DEFAULT ''; -- programme_name
ALTER TABLE claim_facts ADD COLUMN department        TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN venue             TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN participants      TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN coordinator_name  TEXT NOT NULL DEFAULT ''; -- the coordinator field
ALTER TABLE claim_facts ADD COLUMN coordinator_email TEXT NOT NULL DEFAULT ''; -- as the form gives it
ALTER TABLE claim_facts ADD COLUMN facilitator_name  TEXT NOT NULL DEFAULT ''; -- the facilitator field
ALTER TABLE claim_facts ADD COLUMN facilitator_email TEXT NOT NULL DEFAULT ''; -- as the form gives it
ALTER TABLE claim_facts ADD COLUMN claimed           TEXT;                     -- the report's totals
ALTER TABLE claim_facts ADD COLUMN admissible        TEXT;
ALTER TABLE claim_facts ADD COLUMN lines             TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN advance_received  TEXT NOT NULL DEFAULT ''; -- settlement: the fields
ALTER TABLE claim_facts ADD COLUMN advance_date      TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN settled_on        TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_facts ADD COLUMN balance           TEXT;                     -- settlement: the assessment
ALTER TABLE claim_facts ADD COLUMN penal_interest    TEXT;
ALTER TABLE claim_facts ADD COLUMN days_late         INTEGER NOT NULL DEFAULT 0;

-- The facts of the claims already entered, from their reports.
UPDATE claim_facts AS c SET
	name = coalesce(json_extract(r.doc, '$.fields.programme_name.value'), ''),
	department = coalesce(json_extract(r.doc, '$.fields.department.value'), ''),
	venue = coalesce(json_extract(r.doc, '$.fields.venue.value'), ''),
	participants = coalesce(json_extract(r.doc, '$.fields.participants.value'), ''),
	coordinator_name = coalesce(json_extract(r.doc, '$.fields.coordinator.value'), ''),
	coordinator_email = coalesce(json_extract(r.doc, '$.fields.coordinator_email.value'), ''),
	facilitator_name = coalesce(json_extract(r.doc, '$.fields.facilitator.value'), ''),
	facilitator_email = coalesce(json_extract(r.doc, '$.fields.facilitator_email.value'), ''),
	claimed = json_extract(r.doc, '$.totals.claimed'),
	admissible = json_extract(r.doc, '$.totals.admissible'),
	lines = coalesce((SELECT group_concat(json_extract(l.value, '$.field') || ' ' || json_extract(l.value, '$.claimed') || ' ' ||
			json_extract(l.value, '$.admissible'), char(10) ORDER BY l.key)
		FROM json_each(r.doc, '$.lines') l), ''),
	advance_received = coalesce(json_extract(r.doc, '$.fields.advance_received.value'), ''),
	advance_date = coalesce(json_extract(r.doc, '$.fields.advance_date.value'), ''),
	settled_on = coalesce(json_extract(r.doc, '$.fields.settled_on.value'), ''),
	balance = nullif(json_extract(r.doc, '$.balance'), ''),
	penal_interest = nullif(json_extract(r.doc, '$.penal_interest'), ''),
	days_late = coalesce(json_extract(r.doc, '$.days_late'), 0)
FROM (SELECT s.id, CAST(s.report_json AS TEXT) AS doc FROM submissions s WHERE json_valid(CAST(s.report_json AS TEXT))) AS r
WHERE r.id = c.submission_id;

-- The ledger reads the register's claims and steps in the order of their
-- programme codes, then of arrival, the steps in the order of arrival, and
-- the statements in the order of arrival: indexes in those orders spare it
-- sorting them, or reading every submission to find the statements.
CREATE INDEX submissions_code_order ON submissions (code_key, received, processed);
CREATE INDEX submissions_form_received ON submissions (form, received);
DROP INDEX advance_events_code;
CREATE INDEX advance_events_code ON advance_events (code_key, at, recorded);
DROP INDEX advance_events_at;
CREATE INDEX advance_events_at ON advance_events (at, recorded);

-- The Sources sheet (and every read of a submission) shows the state of the
-- reply queued with it, its latest in the outbox: without an index each
-- submission read would scan the whole outbox (11 ms a submission with
-- 130,000 replies queued).
CREATE INDEX outbox_submission ON outbox (submission_id, id);
