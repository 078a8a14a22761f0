-- 0004: each reply's recipients on their own account, so that one refused
-- address never holds back the others; replies parked (their main
-- recipient never got them) or dropped by an operator; a log of what became
-- of each reply and who did it; a row the readiness probe writes.

-- hold: '' while the reply is sent as usual, 'parked' when the daemon gave
-- it up, 'dropped' when an operator did. kind: 'delivery-notice' for the
-- notices about undelivered replies (a refused notice begets no notice).
ALTER TABLE outbox ADD COLUMN hold TEXT NOT NULL DEFAULT ''
	CHECK (hold IN ('', 'parked', 'dropped'));
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply'
	CHECK (kind IN ('reply', 'delivery-notice'));

-- One row per address in the reply's To ('to', its main recipients) and Cc
-- ('cc'), as written there. state: 'pending' until the server takes the
-- reply for it ('sent') or it is given up ('refused', with the server's
-- code and words), or an operator sends the reply elsewhere ('replaced').
CREATE TABLE outbox_recipients (
	outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	addr      TEXT    NOT NULL,
	role      TEXT    NOT NULL CHECK (role IN ('to', 'cc')),
	state     TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused', 'replaced')),
	code      INTEGER NOT NULL DEFAULT 0,
	detail    TEXT    NOT NULL DEFAULT '',
	updated   TEXT    NOT NULL,
	PRIMARY KEY (outbox_id, seq)
) STRICT;

INSERT INTO outbox_recipients (outbox_id, seq, addr, role, state, updated)
	SELECT o.id, j.key, j.value, 'to', CASE o.state WHEN 'sent' THEN 'sent' ELSE 'pending' END, o.queued
	FROM outbox o, json_each(o.to_addrs) j;
INSERT INTO outbox_recipients (outbox_id, seq, addr, role, state, updated)
	SELECT o.id, json_array_length(o.to_addrs) + j.key, j.value, 'cc', CASE o.state WHEN 'sent' THEN 'sent' ELSE 'pending' END, o.queued
	FROM outbox o, json_each(o.cc_addrs) j;

-- What became of each reply: recipients refused, parked, and every
-- operator's retry, drop and send-to, with who (actor: 'stpclaims' for the
-- daemon, else the operator's login name) and when.
CREATE TABLE outbox_log (
	id        INTEGER PRIMARY KEY,
	outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	at        TEXT    NOT NULL,
	action    TEXT    NOT NULL CHECK (action IN ('refused', 'parked', 'retry', 'drop', 'send-to')),
	detail    TEXT    NOT NULL DEFAULT '',
	actor     TEXT    NOT NULL
) STRICT;
CREATE INDEX outbox_log_reply ON outbox_log (outbox_id, id);

-- The readiness probe proves the store writable by updating this one row.
CREATE TABLE health (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	checked TEXT    NOT NULL
) STRICT;
