-- 0001: the first schema. Times are UTC RFC 3339 text of fixed width
-- (2006-01-02T15:04:05.000000000Z), so text order is time order; money is
-- decimal text, never REAL.

CREATE TABLE submissions (
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
	sha256           TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
	received         TEXT    NOT NULL,
	form             TEXT    NOT NULL,
	programme_code   TEXT    NOT NULL DEFAULT '',
	code_key         TEXT    NOT NULL DEFAULT '', -- programme code, trimmed, upper case
	status           TEXT    NOT NULL,
	report_json      BLOB    NOT NULL,
	processed        TEXT    NOT NULL,
	superseded_by    INTEGER REFERENCES submissions (id),
	CHECK ((mail_uid IS NULL) = (mail_account IS NULL))
) STRICT;

-- The same message part is never entered twice (sha256 alone is unique too;
-- this says it in the message's terms).
CREATE UNIQUE INDEX submissions_message_part ON submissions (message_key, sha256) WHERE message_key <> '';
CREATE INDEX submissions_mail_key ON submissions (mail_account, mail_mailbox, mail_uidvalidity, mail_uid)
	WHERE mail_uid IS NOT NULL;
CREATE INDEX submissions_live_claim ON submissions (code_key, form, sender_key) WHERE superseded_by IS NULL;
CREATE INDEX submissions_received ON submissions (received);
CREATE INDEX submissions_status ON submissions (status);

CREATE TABLE findings (
	id            INTEGER PRIMARY KEY,
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	rule          TEXT    NOT NULL,
	clause        TEXT    NOT NULL DEFAULT '',
	severity      TEXT    NOT NULL,
	cell          TEXT    NOT NULL DEFAULT '',
	row           INTEGER NOT NULL DEFAULT 0,
	field         TEXT    NOT NULL DEFAULT '',
	claimed       TEXT,
	allowed       TEXT,
	admissible    TEXT,
	message       TEXT    NOT NULL,
	UNIQUE (submission_id, seq)
) STRICT;
CREATE INDEX findings_rule ON findings (rule);

-- The parts of each mail message that were entered, so that a message is
-- known to be done only when all its parts are.
CREATE TABLE message_parts (
	message       TEXT    NOT NULL, -- 'id:' Message-ID, or 'uid:' account/mailbox/UIDVALIDITY/UID
	sha256        TEXT    NOT NULL,
	parts         INTEGER NOT NULL CHECK (parts >= 1),
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	PRIMARY KEY (message, sha256)
) STRICT;

CREATE TABLE outbox (
	id            INTEGER PRIMARY KEY,
	submission_id INTEGER REFERENCES submissions (id),
	to_addrs      TEXT    NOT NULL, -- JSON array
	cc_addrs      TEXT    NOT NULL, -- JSON array
	subject       TEXT    NOT NULL,
	in_reply_to   TEXT    NOT NULL DEFAULT '',
	refs          TEXT    NOT NULL, -- JSON array
	body          TEXT    NOT NULL,
	state         TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent')),
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_attempt  TEXT    NOT NULL,
	last_error    TEXT    NOT NULL DEFAULT '',
	queued        TEXT    NOT NULL,
	sent          TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt) WHERE state = 'queued';

CREATE TABLE outbox_attachments (
	outbox_id    INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL,
	data         BLOB    NOT NULL,
	PRIMARY KEY (outbox_id, seq)
) STRICT;

CREATE TABLE mailbox_state (
	account      TEXT    NOT NULL,
	mailbox      TEXT    NOT NULL,
	uidvalidity  INTEGER NOT NULL,
	last_uid     INTEGER NOT NULL,
	updated      TEXT    NOT NULL,
	PRIMARY KEY (account, mailbox)
) STRICT;
