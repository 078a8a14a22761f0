package mailer

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"stpclaims"
)

// withNote returns r with a closing paragraph naming the recipients its
// copy could not reach, and without them in Cc (a reply-all would only
// bounce again). The To header is left as it is: it says whom the reply is
// for.
func withNote(r stpclaims.Reply, refused []Refusal) stpclaims.Reply {
	if len(refused) == 0 {
		return r
	}
	var cc []string
	for _, a := range r.Cc {
		if !slices.ContainsFunc(refused, func(f Refusal) bool { return sameAddr(f.Addr, a) }) {
			cc = append(cc, a)
		}
	}
	r.Cc = cc
	var b strings.Builder
	b.WriteString("Not delivered: the mail server refused this reply for\n")
	for _, f := range refused {
		fmt.Fprintf(&b, "  - %s (%s): %s\n", f.Addr, role(r, f.Addr), reason(f))
	}
	b.WriteString("If an address above was typed on the form, please correct it there and send the form again;\n" +
		"meanwhile you may forward this reply to the right address.\n")
	// Before the signature, if there is one: clients fold away what
	// follows "-- ".
	body, sig := r.Body, ""
	if i := strings.LastIndex(body, "\n-- \n"); i >= 0 {
		body, sig = body[:i+1], body[i+1:]
	}
	r.Body = strings.TrimRight(body, "\n") + "\n\n" + b.String()
	if sig != "" {
		r.Body += "\n" + sig
	}
	return r
}

// refusalNotice tells to (the reply's main recipients who got it without
// the note, or no one) and cc (the finance division) that r could not be
// delivered to the recipients in refused.
func refusalNotice(r stpclaims.Reply, refused []Refusal, to, cc []string) stpclaims.Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "stpclaims could not deliver its reply %q to:\n", r.Subject)
	for _, f := range refused {
		fmt.Fprintf(&b, "  - %s (%s): %s\n", f.Addr, role(r, f.Addr), reason(f))
	}
	fmt.Fprintf(&b, "\nThe reply was for %s.\n", strings.Join(r.To, ", "))
	b.WriteString("If an address above was typed on a claim form, please correct it there and send the form again;\n" +
		"meanwhile the reply may be forwarded to the right address.\n")
	return notice(r, "Not delivered: "+r.Subject, b.String(), to, cc)
}

// parkedNotice tells the finance division (to) that the reply in outbox
// row id was given up after waiting since queued, and how to send it on.
func parkedNotice(r stpclaims.Reply, id int64, queued time.Time, lastErr string, to []string) stpclaims.Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "stpclaims gave up sending its reply %q to %s: it has not been delivered since %s.\n",
		r.Subject, strings.Join(r.To, ", "), queued.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "The mail server's last answer: %s\n\n", lastErr)
	fmt.Fprintf(&b, "The reply is kept in the outbox as number %d. On the server:\n", id)
	fmt.Fprintf(&b, "  stpclaims outbox send-to %d ADDRESS   sends it to another address\n", id)
	fmt.Fprintf(&b, "  stpclaims outbox retry %d             tries the same address again\n", id)
	fmt.Fprintf(&b, "  stpclaims outbox drop %d              gives it up for good\n", id)
	return notice(r, "Reply not delivered: "+r.Subject, b.String(), to, nil)
}

func notice(r stpclaims.Reply, subject, body string, to, cc []string) stpclaims.Reply {
	return stpclaims.Reply{
		To:         to,
		Cc:         cc,
		Subject:    subject,
		InReplyTo:  r.InReplyTo,
		References: r.References,
		Body:       body,
	}
}

// role says whether addr is a main recipient (To) or a copy (Cc) of r.
func role(r stpclaims.Reply, addr string) string {
	if slices.ContainsFunc(r.To, func(a string) bool { return sameAddr(a, addr) }) {
		return "To"
	}
	return "copy, Cc"
}

func reason(f Refusal) string {
	if f.Code == 0 {
		return f.Text
	}
	return fmt.Sprintf("%d %s", f.Code, strings.TrimSpace(f.Text))
}

// sameAddr compares two recipients as written, without case.
func sameAddr(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
