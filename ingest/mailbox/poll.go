package mailbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
)

// errHandler marks a handler failure: the message stays where it is, the
// session goes on.
var errHandler = errors.New("mailbox: handler failed")

// poll searches for messages after last and takes each in UID order. It
// returns the new last UID: the highest UID below which every message has
// been handled and moved (or quarantined).
func (w *Watcher) poll(ctx context.Context, cn *conn, h Handler, validity, last uint32) (uint32, error) {
	criteria := &imap.SearchCriteria{
		UID:     []imap.UIDSet{{imap.UIDRange{Start: imap.UID(last + 1), Stop: 0}}},
		NotFlag: []imap.Flag{imap.FlagDeleted},
	}
	var uids []imap.UID
	if err := cn.do("uid search", func() error {
		data, err := cn.c.UIDSearch(criteria, nil).Wait()
		if err != nil {
			return err
		}
		uids = data.AllUIDs()
		return nil
	}); err != nil {
		return last, err
	}
	// "n:*" always matches the highest UID, even when it is below n.
	uids = slices.DeleteFunc(uids, func(u imap.UID) bool { return uint32(u) <= last })
	slices.Sort(uids)
	w.pruneRetries(validity, uids)
	w.lastPoll.Store(time.Now().UnixNano())

	contiguous := true
	for _, uid := range uids {
		if ctx.Err() != nil {
			return last, ctx.Err()
		}
		key := msgKey{validity, uint32(uid)}
		if !w.due(key) {
			contiguous = false
			continue
		}
		cn.hold()
		err := w.take(ctx, cn, h, key)
		cn.release()
		if errors.Is(err, errHandler) {
			w.failed(key, err)
			contiguous = false
			continue
		}
		if err != nil {
			return last, err
		}
		w.succeeded(key)
		if contiguous {
			last = uint32(uid)
			// Recording a moved message is part of finishing it, even
			// when Run is being stopped.
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.cfg.CommandTimeout)
			err := w.state.SetMailboxState(sctx, w.account, w.cfg.Mailbox, validity, last)
			cancel()
			if err != nil {
				return last, fmt.Errorf("mailbox: write state: %w", err)
			}
		}
	}
	return last, nil
}

// take handles one message: quarantine, or handler then flag and move.
func (w *Watcher) take(ctx context.Context, cn *conn, h Handler, key msgKey) error {
	uidSet := imap.UIDSetNum(imap.UID(key.uid))
	buf, header, err := fetchHeader(cn, uidSet)
	if err != nil {
		return err
	}
	if buf == nil {
		return nil // gone meanwhile (expunged by someone else)
	}
	info, err := parseHeaderInfo(header)
	if err != nil {
		w.log.Warn("mailbox: unreadable header; taking what could be read", "uid", key.uid, "err", err)
	}
	log := w.log.With("uid", key.uid, "message_id", info.MessageID, "from", info.From)

	log, admitted, err := w.screen(cn, uidSet, info, log)
	if err != nil || !admitted {
		return err
	}
	if slices.ContainsFunc(buf.Flags, func(f imap.Flag) bool { return strings.EqualFold(string(f), w.cfg.Keyword) }) {
		// Handled before, but the move did not happen: finish it.
		log.Info("mailbox: already handled; moving", "to", w.cfg.Processed)
		return w.move(cn, uidSet, w.cfg.Processed)
	}

	m := Message{
		Account:      w.account,
		Mailbox:      w.cfg.Mailbox,
		UIDValidity:  key.uidValidity,
		UID:          key.uid,
		MessageID:    info.MessageID,
		From:         info.From,
		Subject:      info.Subject,
		InternalDate: buf.InternalDate,
		References:   info.References,
		AutoReply:    info.AutoReply,
		Bounce:       info.Bounce,
	}
	m.Attachments, m.Oversized, m.Unchecked, err = w.attachments(cn, key, buf.RFC822Size, log)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := callHandler(ctx, h, m); err != nil {
		return fmt.Errorf("%w: %w", errHandler, err)
	}
	return w.markHandled(cn, uidSet, m, log)
}

// fetchHeader fetches one message's flags, arrival date, size and header
// (peeking, so \Seen is not set). buf is nil, with no error, when the
// message is gone meanwhile (expunged by someone else).
func fetchHeader(cn *conn, uidSet imap.UIDSet) (buf *imapclient.FetchMessageBuffer, header []byte, err error) {
	headerSection := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	if err := cn.do("fetch header", func() error {
		msgs, err := cn.c.Fetch(uidSet, &imap.FetchOptions{
			UID: true, Flags: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{headerSection},
		}).Collect()
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			return nil
		}
		buf = msgs[0]
		return nil
	}); err != nil {
		return nil, nil, err
	}
	if buf == nil {
		return nil, nil, nil
	}
	return buf, buf.FindBodySection(headerSection), nil
}

// screen decides whether a message may be handled: a sender not on the
// allow-list, or (with RequireAuth) not authenticated by the receiving
// server, has the message moved to the quarantine mailbox and counted, and
// admitted is false. The log returned carries the authentication verdict
// when one was asked for.
func (w *Watcher) screen(cn *conn, uidSet imap.UIDSet, info headerInfo, log *slog.Logger) (_ *slog.Logger, admitted bool, err error) {
	if !w.allow.allows(info.From) {
		log.Warn("mailbox: sender not on the allow-list; quarantined", "subject", info.Subject)
		if err := w.move(cn, uidSet, w.cfg.Quarantine); err != nil {
			return log, false, err
		}
		w.counts.quarantined.Add(1)
		return log, false, nil
	}
	if w.cfg.RequireAuth {
		ok, reason := authVerdict(info.AuthResults, w.cfg.AuthServID, info.From)
		if !ok {
			log.Warn("mailbox: sender not authenticated by the receiving server; quarantined",
				"reason", reason, "authserv_id", w.cfg.AuthServID, "subject", info.Subject)
			if err := w.move(cn, uidSet, w.cfg.Quarantine); err != nil {
				return log, false, err
			}
			w.counts.unauthenticated.Add(1)
			return log, false, nil
		}
		log = log.With("auth", reason)
	}
	return log, true, nil
}

// markHandled finishes a message its handler took: it is flagged \Seen
// and with the keyword (where the server keeps keywords), so that a failed
// move is finished next time rather than handled twice, counted, then
// moved to the processed mailbox.
func (w *Watcher) markHandled(cn *conn, uidSet imap.UIDSet, m Message, log *slog.Logger) error {
	flags := []imap.Flag{imap.FlagSeen}
	if cn.keyword {
		flags = append(flags, imap.Flag(w.cfg.Keyword))
	}
	if err := cn.do("store flags", func() error {
		return cn.c.Store(uidSet, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: flags}, nil).Close()
	}); err != nil {
		return err
	}
	log.Info("mailbox: handled", "attachments", len(m.Attachments), "auto_reply", m.AutoReply, "bounce", m.Bounce)
	switch {
	case m.Bounce:
		w.counts.bounces.Add(1)
	case m.AutoReply:
		w.counts.autoReplies.Add(1)
	}
	return w.move(cn, uidSet, w.cfg.Processed)
}

// callHandler calls h, turning a panic into an error.
func callHandler(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("mailbox: handler panicked: %v", r)
		}
	}()
	return h(ctx, m)
}

// move moves one message: MOVE when the server has it, else UID COPY,
// STORE \Deleted and UID EXPUNGE (UIDPLUS). Without either it copies and
// marks \Deleted, leaving the expunge to someone else: never a bare
// EXPUNGE, which would remove other clients' deleted messages too.
func (w *Watcher) move(cn *conn, uidSet imap.UIDSet, dest string) error {
	if cn.caps.Has(imap.CapMove) {
		return cn.do("move to "+dest, func() error {
			_, err := cn.c.Move(uidSet, dest).Wait()
			return err
		})
	}
	if err := cn.do("copy to "+dest, func() error {
		_, err := cn.c.Copy(uidSet, dest).Wait()
		return err
	}); err != nil {
		return err
	}
	if err := cn.do("store \\Deleted", func() error {
		return cn.c.Store(uidSet, &imap.StoreFlags{
			Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted},
		}, nil).Close()
	}); err != nil {
		return err
	}
	if !cn.caps.Has(imap.CapUIDPlus) {
		w.log.Warn("mailbox: server has neither MOVE nor UIDPLUS; copied and marked \\Deleted, not expunged", "uids", uidSet.String(), "to", dest)
		return nil
	}
	return cn.do("uid expunge", func() error { return cn.c.UIDExpunge(uidSet).Close() })
}

// attachments fetches the workbook parts of one message: only those parts
// when its BODYSTRUCTURE can be used, else the whole message when it is not
// larger than MaxMessageBytes. oversized names the workbook parts left out
// for their size ("" for the whole message), unchecked those past
// MaxWorkbooks.
func (w *Watcher) attachments(cn *conn, key msgKey, size int64, log *slog.Logger) (atts []Attachment, oversized, unchecked []string, err error) {
	uidSet := imap.UIDSetNum(imap.UID(key.uid))
	w.mu.Lock()
	structureFailures := w.structureFailures[key]
	w.mu.Unlock()

	var parts []workbookPart
	structErr := errOddStructure
	if structureFailures < 2 {
		w.mu.Lock()
		w.structureFailures[key]++
		w.mu.Unlock()
		var bs imap.BodyStructure
		err := cn.do("fetch bodystructure", func() error {
			msgs, err := cn.c.Fetch(uidSet, &imap.FetchOptions{
				UID: true, BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
			}).Collect()
			if err != nil {
				return err
			}
			if len(msgs) > 0 {
				bs = msgs[0].BodyStructure
			}
			return nil
		})
		var ierr *imap.Error
		if err != nil && !errors.As(err, &ierr) {
			return nil, nil, nil, err // connection trouble: counted in structureFailures
		}
		w.mu.Lock()
		delete(w.structureFailures, key)
		w.mu.Unlock()
		if err == nil {
			parts, structErr = findWorkbookParts(bs)
		}
	}
	if structErr == nil {
		parts, unchecked := w.firstWorkbooks(parts, log)
		atts, oversized, err := w.fetchParts(cn, uidSet, parts, log)
		if err == nil || !errors.Is(err, errOddStructure) {
			return atts, oversized, unchecked, err
		}
		structErr = err
	}

	log.Info("mailbox: BODYSTRUCTURE not usable; fetching the whole message", "reason", structErr, "size", size)
	if size > w.cfg.MaxMessageBytes {
		log.Warn("mailbox: message larger than MaxMessageBytes; handed over without attachments", "size", size, "max", w.cfg.MaxMessageBytes)
		return nil, []string{""}, nil, nil
	}
	whole := &imap.FetchItemBodySection{Peek: true}
	var raw []byte
	if err := cn.do("fetch message", func() error {
		msgs, err := cn.c.Fetch(uidSet, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{whole}}).Collect()
		if err != nil {
			return err
		}
		if len(msgs) > 0 {
			raw = msgs[0].FindBodySection(whole)
		}
		return nil
	}); err != nil {
		return nil, nil, nil, err
	}
	atts, skipped, err := parseWhole(raw, min(w.cfg.MaxPartBytes, w.cfg.MaxMessageBytes))
	if err != nil {
		log.Warn("mailbox: message only partly readable", "err", err)
	}
	for _, name := range skipped {
		log.Warn("mailbox: attachment larger than MaxPartBytes skipped", "name", name)
	}
	if len(atts) > w.cfg.MaxWorkbooks {
		for _, a := range atts[w.cfg.MaxWorkbooks:] {
			unchecked = append(unchecked, a.Name)
		}
		atts = atts[:w.cfg.MaxWorkbooks]
		log.Warn("mailbox: more workbooks than MaxWorkbooks; the rest not checked", "unchecked", len(unchecked))
	}
	return atts, skipped, unchecked, nil
}

// firstWorkbooks keeps the first MaxWorkbooks workbook parts to fetch and
// names the rest, which are not fetched at all.
func (w *Watcher) firstWorkbooks(parts []workbookPart, log *slog.Logger) (keep []workbookPart, unchecked []string) {
	if len(parts) <= w.cfg.MaxWorkbooks {
		return parts, nil
	}
	for i, p := range parts[w.cfg.MaxWorkbooks:] {
		name := p.Name
		if name == "" {
			name = defaultName(p.MediaType, w.cfg.MaxWorkbooks+i+1)
		}
		unchecked = append(unchecked, name)
	}
	log.Warn("mailbox: more workbooks than MaxWorkbooks; the rest not fetched", "parts", len(parts), "max", w.cfg.MaxWorkbooks)
	return parts[:w.cfg.MaxWorkbooks], unchecked
}

// maxEncoded is the most a part of at most n bytes takes in the message:
// base64 (4 for 3) with a CRLF every 76 characters, and some slack. A
// part whose BODYSTRUCTURE size is larger is larger than n once decoded.
func maxEncoded(n int64) int64 {
	return n/3*4*78/76 + 4096
}

// fetchParts fetches the given parts' bytes (BINARY when the server has it,
// else BODY decoded here) and, where BODYSTRUCTURE left the name RFC 2231
// encoded, their MIME headers. oversized names the workbook parts left out
// for their size.
func (w *Watcher) fetchParts(cn *conn, uidSet imap.UIDSet, parts []workbookPart, log *slog.Logger) (atts []Attachment, oversized []string, err error) {
	var total int64
	for i, p := range parts {
		name := p.Name
		if p.NeedHeader {
			hdr := p.Header
			raw, err := w.fetchSection(cn, uidSet, &hdr)
			if err != nil {
				return nil, nil, err
			}
			if raw == nil {
				return nil, nil, fmt.Errorf("%w: no MIME header for part %v", errOddStructure, p.Path)
			}
			h, err := readMIMEHeader(raw)
			if err != nil {
				return nil, nil, fmt.Errorf("%w: MIME header of part %v: %w", errOddStructure, p.Path, err)
			}
			if n := partName(h); n != "" {
				name = n
			}
		}
		if !isWorkbook(p.MediaType, name) {
			continue
		}
		if name == "" {
			name = defaultName(p.MediaType, i+1)
		}
		// From BODYSTRUCTURE, before anything is fetched.
		if int64(p.Size) > maxEncoded(w.cfg.MaxPartBytes) || int64(p.Size) > 2*w.cfg.MaxMessageBytes || total > w.cfg.MaxMessageBytes {
			log.Warn("mailbox: attachment too large; not fetched", "name", name, "size", p.Size)
			oversized = append(oversized, name)
			continue
		}
		data, err := w.fetchPart(cn, uidSet, p)
		if err != nil {
			return nil, nil, err
		}
		if int64(len(data)) > min(w.cfg.MaxPartBytes, w.cfg.MaxMessageBytes) {
			log.Warn("mailbox: attachment too large; skipped", "name", name, "size", len(data))
			oversized = append(oversized, name)
			continue
		}
		total += int64(len(data))
		atts = append(atts, Attachment{Name: name, ContentType: p.MediaType, Data: data})
	}
	return atts, oversized, nil
}

// fetchPart returns one part's decoded bytes.
func (w *Watcher) fetchPart(cn *conn, uidSet imap.UIDSet, p workbookPart) ([]byte, error) {
	if cn.caps.Has(imap.CapBinary) {
		bin := &imap.FetchItemBinarySection{Part: p.Path, Peek: true}
		var data []byte
		found := false
		err := cn.do(fmt.Sprintf("fetch binary %v", p.Path), func() error {
			msgs, err := cn.c.Fetch(uidSet, &imap.FetchOptions{UID: true, BinarySection: []*imap.FetchItemBinarySection{bin}}).Collect()
			if err != nil {
				return err
			}
			if len(msgs) > 0 {
				data = msgs[0].FindBinarySection(bin)
				found = data != nil
			}
			return nil
		})
		var ierr *imap.Error
		if err == nil && found {
			return data, nil
		}
		if err != nil && !errors.As(err, &ierr) {
			return nil, err
		}
		// The server could not decode it (UNKNOWN-CTE and the like): fall
		// back to the raw part and decode here.
	}
	body := &imap.FetchItemBodySection{Part: p.Path, Peek: true}
	raw, err := w.fetchSection(cn, uidSet, body)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: part %v missing", errOddStructure, p.Path)
	}
	data, err := decodeTransfer(p.Encoding, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: part %v: %w", errOddStructure, p.Path, err)
	}
	return data, nil
}

// fetchSection fetches one BODY.PEEK section; nil when the server sent none.
func (w *Watcher) fetchSection(cn *conn, uidSet imap.UIDSet, sec *imap.FetchItemBodySection) ([]byte, error) {
	var data []byte
	err := cn.do("fetch section", func() error {
		msgs, err := cn.c.Fetch(uidSet, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sec}}).Collect()
		if err != nil {
			return err
		}
		if len(msgs) > 0 {
			data = msgs[0].FindBodySection(sec)
		}
		return nil
	})
	return data, err
}

func readMIMEHeader(raw []byte) (message.Header, error) {
	e, err := message.Read(strings.NewReader(string(raw) + "\r\n"))
	if e == nil {
		return message.Header{}, err
	}
	return e.Header, nil
}

// due reports whether a message may be offered to the handler now.
func (w *Watcher) due(key msgKey) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.retries[key]
	return !ok || !time.Now().Before(r.next)
}

func (w *Watcher) failed(key msgKey, err error) {
	w.mu.Lock()
	r := w.retries[key]
	r.attempts++
	d := backoff(w.retryMin, w.retryMax, r.attempts)
	r.next = time.Now().Add(d)
	w.retries[key] = r
	w.mu.Unlock()
	w.log.Warn("mailbox: handler failed; message left in place", "uid", key.uid, "attempt", r.attempts, "retry_in", d.Round(time.Millisecond), "err", err)
}

func (w *Watcher) succeeded(key msgKey) {
	w.mu.Lock()
	delete(w.retries, key)
	w.mu.Unlock()
}

// pruneRetries forgets retry times of messages no longer in the mailbox.
func (w *Watcher) pruneRetries(validity uint32, present []imap.UID) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for key := range w.retries {
		if key.uidValidity != validity || !slices.Contains(present, imap.UID(key.uid)) {
			delete(w.retries, key)
		}
	}
}
