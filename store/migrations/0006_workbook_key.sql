-- 0006: the key that seals the workbooks stpclaims hands out to be returned
-- with decisions (a facilitator's review workbook, the Sanctions workbook):
-- an HMAC key, one only, made from crypto/rand when the store is first
-- opened at this version (store.Open), and kept here so that a backup of
-- the store carries it and a restored store still takes the workbooks it
-- sent. Nothing else reads it: it is never logged nor shown.
CREATE TABLE workbook_key (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	key  BLOB NOT NULL CHECK (length(key) >= 32),
	made TEXT NOT NULL
);
