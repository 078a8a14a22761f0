// Package mailbox takes claims in from an IMAP mailbox.
//
// A Watcher logs in (implicit TLS or STARTTLS), selects the watched mailbox
// and takes every message after the last UID it has recorded, in UID order.
// It waits for new mail with IDLE (ending it at least every IdleRefresh for a
// NOOP and a fresh UID SEARCH), or polls every PollInterval when the server
// has no IDLE, and reconnects with a jittered exponential backoff capped at
// Config.ReconnectMax after any error. Every command runs under
// Config.CommandTimeout: the connection is closed when a reply does not come
// in time. The server's certificate is checked against the system's roots
// and Config.CAFile; a certificate it does not trust is logged at error
// level with the remedy, and counted (Counts). Status says whether it is
// connected, since when it is not, and why.
//
// For each message it reads the header (BODY.PEEK, so nothing is marked
// \Seen by fetching) and decides:
//
//   - The sender is the address in the From header. A From that is not
//     exactly one address (two senders, `a@evil.com@kerala.gov.in`, a
//     missing '>') gives no sender. Mail with no sender, or from an address
//     or domain not on Config.Allow, is moved to the Quarantine folder,
//     logged with its sender and Message-ID, and never handed over or
//     answered.
//   - From can be forged. With Config.RequireAuth, a message is taken only
//     when the topmost Authentication-Results header (RFC 8601) of
//     Config.AuthServID, the one the receiving server added, shows
//     dmarc=pass, or dkim=pass for a signing domain aligned (relaxed: the
//     same organisational domain) with the From domain. Headers of other
//     authserv-ids, and lower ones of this id, are ignored: anyone can
//     write them. Anything else is quarantined, with the reason in the
//     log. Checking SPF, DKIM and DMARC is the receiving server's job; this
//     package reads its verdict (go-msgauth's authres parser).
//   - Everything else is handed to the Handler, with the workbook parts
//     (.xlsx .xlsm .ods .xls, by media type or by extension on a generic
//     application/* part, inline ones and those inside forwarded
//     message/rfc822 parts too) fetched one by one as BINARY (or BODY,
//     decoded here) after walking BODYSTRUCTURE. File names are RFC 2047 and
//     RFC 2231 decoded; when the server leaves RFC 2231 parameters undecoded
//     in BODYSTRUCTURE (Dovecot does), the part's own MIME header is fetched
//     and read. When BODYSTRUCTURE is missing, odd, or its fetch has broken
//     the connection twice, the whole message is fetched (if it is not
//     larger than MaxMessageBytes) and parsed with go-message. A workbook
//     whose BODYSTRUCTURE size shows it larger than MaxPartBytes (or a
//     whole message too large to fetch) is not fetched but named in
//     Message.Oversized; workbooks past the first MaxWorkbooks are not
//     fetched but named in Message.Unchecked; so that the sender can be
//     told what was not checked and why.
//   - Auto-replies and bounces from allowed senders are handed over too,
//     with Message.AutoReply set (and Message.Bounce for delivery reports):
//     the handler records them and must not answer. (Bounces from MAILER-DAEMON addresses not on the allow-list
//     are quarantined like any stranger's mail.) Messages without a workbook
//     are handed over as well, with no attachments.
//
// Only when the handler returns nil is the message flagged \Seen plus
// Config.Keyword and moved to Processed (MOVE, or UID COPY + STORE \Deleted
// + UID EXPUNGE with UIDPLUS; never a bare EXPUNGE). A handler error leaves
// the message unflagged in place; it is offered again after a backoff. A
// message already carrying the keyword (handled, but the move was lost) is
// moved without calling the handler again.
//
// The (account, mailbox) → (UIDVALIDITY, last UID) pair is kept through the
// State interface; the account is Config.Username + "@" + Config.Addr. The
// last UID only advances past messages that were handled and moved or
// quarantined. A UIDVALIDITY change rescans the whole mailbox; the handler
// must deduplicate (by Message-ID and sha256), this package does not.
//
// The package knows nothing of workbook contents, rules, SMTP or SQL.
package mailbox
