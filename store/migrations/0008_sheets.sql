-- 0008: a workbook may hold several forms, one a programme, a sheet each;
-- each is a submission of its own, so the same bytes are entered once per
-- sheet (sheet '' for a file not read, and for what was entered before
-- this step). sha256 alone was UNIQUE; SQLite cannot drop that, so the
-- table is made again (the steps of "Making Other Kinds Of Table Schema
-- Changes" in SQLite's ALTER TABLE page; migrate runs them with foreign keys
-- off and checks them before committing). Ids are kept: every reference
-- stays as it was.

CREATE TABLE submissions_new (
	id               INTEGER PRIMARY KEY,
	source           TEXT    NOT NULL CHECK (source IN ('mail', 'folder', 'cli')),
	file             TEXT    NOT NULL,
	sender           TEXT    NOT NULL DEFAULT '',
	sender_key       TEXT    NOT NULL DEFAULT '', -- the bare address, lower case
	message_id       TEXT    NOT NULL DEFAULT '',
	message_key      TEXT    NOT NULL DEFAULT '', -- Message-ID without brackets or spaces
	mail_account     TEXT,
	mail_mailbox     TEXT,
	mail_uidvalidity INTEGER,
	mail_uid         INTEGER,
	sha256           TEXT    NOT NULL CHECK (length(sha256) = 64),
	sheet            TEXT    NOT NULL DEFAULT '', -- the sheet the form was read from
	received         TEXT    NOT NULL,
	form             TEXT    NOT NULL,
	programme_code   TEXT    NOT NULL DEFAULT '',
	code_key         TEXT    NOT NULL DEFAULT '', -- programme code, trimmed, upper case
	status           TEXT    NOT NULL,
	report_json      BLOB    NOT NULL,
	processed        TEXT    NOT NULL,
	superseded_by    INTEGER REFERENCES submissions (id),
	review           TEXT    NOT NULL DEFAULT ''
		CHECK (review IN ('', 'approved', 'rejected', 'query')),
	UNIQUE (sha256, sheet),
	CHECK ((mail_uid IS NULL) = (mail_account IS NULL))
) STRICT;

INSERT INTO submissions_new (id, source, file, sender, sender_key, message_id, message_key,
	mail_account, mail_mailbox, mail_uidvalidity, mail_uid, sha256, received, form,
	programme_code, code_key, status, report_json, processed, superseded_by, review)
SELECT id, source, file, sender, sender_key, message_id, message_key,
	mail_account, mail_mailbox, mail_uidvalidity, mail_uid, sha256, received, form,
	programme_code, code_key, status, report_json, processed, superseded_by, review
FROM submissions;

DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;

-- The same message part is never entered twice (one entry a sheet).
CREATE UNIQUE INDEX submissions_message_part ON submissions (message_key, sha256, sheet) WHERE message_key <> '';
CREATE INDEX submissions_mail_key ON submissions (mail_account, mail_mailbox, mail_uidvalidity, mail_uid)
	WHERE mail_uid IS NOT NULL;
CREATE INDEX submissions_live_claim ON submissions (code_key, form, sender_key) WHERE superseded_by IS NULL;
CREATE INDEX submissions_received ON submissions (received);
CREATE INDEX submissions_status ON submissions (status);
