package mailbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"path"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// Attachment is one workbook part of a message, decoded.
type Attachment struct {
	Name        string // the file name as sent (RFC 2047/2231 decoded); made up from the media type when absent
	ContentType string // media type, lower case, without parameters
	Data        []byte // the decoded bytes
}

// Message is one mail taken from the watched mailbox.
type Message struct {
	Account, Mailbox string // Account is Username@Addr
	UIDValidity, UID uint32
	MessageID        string // with angle brackets; empty when the mail has none
	From             string // address only, as written in the From header
	Subject          string
	InternalDate     time.Time
	// References is the mail's own References header (or its In-Reply-To
	// when it has none), with angle brackets. The answer's References is
	// References followed by MessageID; its In-Reply-To is MessageID.
	References []string
	// AutoReply is set for auto-replies and bounces: Auto-Submitted (not
	// "no"), Precedence bulk/junk/list, X-Autoreply or X-Autorespond, an
	// empty Return-Path or a MAILER-DAEMON sender, and multipart/report
	// (delivery-status, disposition-notification) mails. They must not be
	// answered.
	AutoReply bool
	// Bounce is set (with AutoReply) for delivery reports: an empty
	// Return-Path, a MAILER-DAEMON or postmaster sender, or a
	// multipart/report of report-type delivery-status.
	Bounce bool
	// Attachments are the .xlsx .xlsm .ods .xls parts, by media type or by
	// extension, inline ones too, and those inside forwarded message/rfc822
	// parts, in MIME order.
	Attachments []Attachment
	// Oversized names the workbook parts that were not fetched because
	// they are larger than Config.MaxPartBytes (or, together, than
	// Config.MaxMessageBytes); an empty name stands for the whole message,
	// too large to fetch when its BODYSTRUCTURE could not be used. Their
	// sender is to be told they were not checked.
	Oversized []string
	// Unchecked names the workbook parts beyond Config.MaxWorkbooks, not
	// fetched: their sender is to be told why they were not checked.
	Unchecked []string
}

// State is where the watcher keeps (account, mailbox) → UIDVALIDITY, last
// UID. The store implements it. A zero uidValidity means "never seen".
type State interface {
	MailboxState(ctx context.Context, account, mailbox string) (uidValidity, lastUID uint32, err error)
	SetMailboxState(ctx context.Context, account, mailbox string, uidValidity, lastUID uint32) error
}

// Handler processes one message from an allowed sender. Returning nil means
// its outputs and store rows are durable: the watcher then flags it (\Seen +
// Keyword) and moves it to Processed. An error leaves it in place to be
// offered again after a backoff.
type Handler func(ctx context.Context, m Message) error

// Workbook media types.
const (
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mediaXLSM = "application/vnd.ms-excel.sheet.macroenabled.12"
	mediaODS  = "application/vnd.oasis.opendocument.spreadsheet"
	mediaXLS  = "application/vnd.ms-excel"
)

var workbookExtByType = map[string]string{
	mediaXLSX: ".xlsx",
	mediaXLSM: ".xlsm",
	mediaODS:  ".ods",
	mediaXLS:  ".xls",
}

// isWorkbook decides whether a part of the given media type and file name
// is a workbook: one of the four workbook media types, or a workbook
// extension on a generic application/* part (application/octet-stream,
// application/zip, application/x-msexcel and the like).
func isWorkbook(mediaType, name string) bool {
	mediaType = strings.ToLower(mediaType)
	if _, ok := workbookExtByType[mediaType]; ok {
		return true
	}
	if !strings.HasPrefix(mediaType, "application/") && mediaType != "" {
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm", ".ods", ".xls":
		return true
	}
	return false
}

// defaultName makes up a file name for a nameless workbook part.
func defaultName(mediaType string, n int) string {
	ext := workbookExtByType[strings.ToLower(mediaType)]
	if ext == "" {
		ext = ".bin"
	}
	return fmt.Sprintf("attachment-%d%s", n, ext)
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// partName returns the file name in a part's MIME header: the
// Content-Disposition filename, else the Content-Type name, RFC 2231 and
// RFC 2047 decoded.
func partName(h message.Header) string {
	ah := mail.AttachmentHeader{Header: h}
	if name, err := ah.Filename(); err == nil && name != "" {
		return cleanName(name)
	}
	if _, params, err := h.ContentType(); err == nil && params["name"] != "" {
		return cleanName(decodeWords(params["name"]))
	}
	return ""
}

func decodeWords(s string) string {
	if out, err := wordDecoder.DecodeHeader(s); err == nil {
		return out
	}
	return s
}

// cleanName keeps only the last element of a file name and drops control
// characters, so a name cannot climb out of a directory.
func cleanName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSpace(name)
}

// headerInfo is what the watcher reads from a mail's top-level header.
type headerInfo struct {
	MessageID  string
	From       string
	Subject    string
	References []string
	AutoReply  bool
	Bounce     bool
	// AuthResults are the Authentication-Results field values, top first.
	AuthResults []string
}

// parseHeaderInfo reads the top-level header of a mail.
func parseHeaderInfo(raw []byte) (headerInfo, error) {
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil && !errors.Is(err, io.EOF) {
		return headerInfo{}, fmt.Errorf("mailbox: read header: %w", err)
	}
	h := mail.Header{Header: message.Header{Header: th}}
	var info headerInfo
	if id, err := h.MessageID(); err == nil && id != "" {
		info.MessageID = "<" + id + ">"
	}
	info.From = senderAddress(h)
	if s, err := h.Subject(); err == nil {
		info.Subject = s
	} else {
		info.Subject = h.Get("Subject")
	}
	refs, _ := h.MsgIDList("References")
	if len(refs) == 0 {
		refs, _ = h.MsgIDList("In-Reply-To")
	}
	for _, r := range refs {
		info.References = append(info.References, "<"+r+">")
	}
	info.Bounce = isBounce(h.Header, info.From)
	info.AutoReply = info.Bounce || isAutoReply(h.Header)
	info.AuthResults = h.Values("Authentication-Results")
	return info, nil
}

// senderAddress is the one address of the From header, or "" (and the mail
// is quarantined) when the header is not exactly one address the mail
// parser reads: `evil@evil.com <x@kerala.gov.in` (no closing '>'),
// `a@evil.com@kerala.gov.in` and two senders in one From all pass for
// someone else when an address is guessed out of them. A value the parser
// reads only once its comments and quoted names are taken away, e.g.
// `"x" <a@b.in> (comment)`, still gives its address: it has exactly one
// angle address with exactly one '@' in it.
func senderAddress(h mail.Header) string {
	if addrs, err := h.AddressList("From"); err == nil {
		if len(addrs) == 1 && strings.Count(addrs[0].Address, "@") == 1 {
			return addrs[0].Address
		}
		return ""
	}
	v := h.Get("From")
	i, j := strings.IndexByte(v, '<'), strings.IndexByte(v, '>')
	if i < 0 || j < i || strings.Count(v, "<") != 1 || strings.Count(v, ">") != 1 {
		return ""
	}
	addr := strings.TrimSpace(v[i+1 : j])
	if a, err := netmail.ParseAddress("<" + addr + ">"); err != nil || a.Address != addr || strings.Count(addr, "@") != 1 {
		return ""
	}
	return addr
}

// isAutoReply recognises auto-replies and reports other than delivery
// reports by their header.
func isAutoReply(h message.Header) bool {
	if v := strings.ToLower(firstToken(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return true
	}
	switch strings.ToLower(firstToken(h.Get("Precedence"))) {
	case "bulk", "junk", "list":
		return true
	}
	if h.Has("X-Autoreply") || h.Has("X-Autorespond") {
		return true
	}
	if mt, _, err := h.ContentType(); err == nil && mt == "multipart/report" {
		return true
	}
	return false
}

// isBounce recognises delivery reports: an empty Return-Path, a
// MAILER-DAEMON or postmaster sender, a delivery-status report.
func isBounce(h message.Header, from string) bool {
	if h.Has("Return-Path") {
		if rp := strings.TrimSpace(h.Get("Return-Path")); rp == "<>" || rp == "" {
			return true
		}
	}
	switch local, _, _ := strings.Cut(strings.ToLower(from), "@"); local {
	case "mailer-daemon", "postmaster":
		return true
	}
	mt, params, err := h.ContentType()
	return err == nil && mt == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status")
}

func firstToken(v string) string {
	v, _, _ = strings.Cut(v, ";")
	return strings.TrimSpace(v)
}

// decodeTransfer undoes a Content-Transfer-Encoding.
func decodeTransfer(encoding string, data []byte) ([]byte, error) {
	h := message.Header{}
	h.Set("Content-Type", "application/octet-stream")
	if encoding != "" {
		h.Set("Content-Transfer-Encoding", encoding)
	}
	e, err := message.New(h, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("mailbox: transfer encoding %q: %w", encoding, err)
	}
	out, err := io.ReadAll(e.Body)
	if err != nil {
		return nil, fmt.Errorf("mailbox: decode %q: %w", encoding, err)
	}
	return out, nil
}

// knownTransferEncoding reports whether decodeTransfer can undo enc.
func knownTransferEncoding(enc string) bool {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "7bit", "8bit", "binary", "base64", "quoted-printable":
		return true
	}
	return false
}

// parseWhole finds the workbook attachments of a whole raw mail with
// go-message, for when BODYSTRUCTURE cannot be used. Parts larger than
// maxBytes once decoded are skipped and reported in skipped.
func parseWhole(raw []byte, maxBytes int64) (atts []Attachment, skipped []string, err error) {
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		return nil, nil, fmt.Errorf("mailbox: parse message: %w", err)
	}
	var walk func(e *message.Entity, depth int) error
	walk = func(e *message.Entity, depth int) error {
		if depth > 20 {
			return errors.New("mailbox: MIME nesting too deep")
		}
		mt, _, _ := e.Header.ContentType()
		if mr := e.MultipartReader(); mr != nil {
			for {
				p, err := mr.NextPart()
				if errors.Is(err, io.EOF) {
					return nil
				}
				if p == nil {
					return fmt.Errorf("mailbox: read MIME part: %w", err)
				}
				if err := walk(p, depth+1); err != nil {
					return err
				}
			}
		}
		if mt == "message/rfc822" || mt == "message/global" {
			inner, err := message.Read(e.Body)
			if inner == nil {
				return fmt.Errorf("mailbox: read forwarded message: %w", err)
			}
			return walk(inner, depth+1)
		}
		name := partName(e.Header)
		if !isWorkbook(mt, name) {
			return nil
		}
		data, err := io.ReadAll(io.LimitReader(e.Body, maxBytes+1))
		if err != nil {
			return fmt.Errorf("mailbox: read part %q: %w", name, err)
		}
		if name == "" {
			name = defaultName(mt, len(atts)+len(skipped)+1)
		}
		if int64(len(data)) > maxBytes {
			skipped = append(skipped, name)
			return nil
		}
		atts = append(atts, Attachment{Name: name, ContentType: strings.ToLower(mt), Data: data})
		return nil
	}
	if err := walk(e, 0); err != nil {
		return atts, skipped, err
	}
	return atts, skipped, nil
}
