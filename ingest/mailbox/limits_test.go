package mailbox

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func workbookAttachment(name string, data []byte) string {
	return attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\""+name+"\"", data)
}

// TestWatcher_Run_limits: what a message may cost is known before its
// parts are fetched.
func TestWatcher_Run_limits(t *testing.T) {
	t.Run("a workbook larger than MaxPartBytes is named in Oversized from its BODYSTRUCTURE", func(t *testing.T) {
		for _, p := range serverProfiles {
			t.Run(p.name, func(t *testing.T) {
				srv := startMemServer(t, p.caps)
				small := []byte("PK\x03\x04small workbook")
				big := append([]byte("PK\x03\x04"), bytes.Repeat([]byte("b"), 5000)...)
				srv.deliver(t, "INBOX", mailWith(allowedSender, "<part@kerala.gov.in>", "",
					workbookAttachment("big.xlsx", big), workbookAttachment("small.xlsx", small)))
				r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass, MaxPartBytes: 1000}, newMemState(), nil, nil)
				m := receive(t, r.calls)
				checkAttachments(t, m.Attachments, []Attachment{{Name: "small.xlsx", ContentType: mediaXLSX, Data: small}})
				if !slices.Equal(m.Oversized, []string{"big.xlsx"}) {
					t.Errorf("Oversized = %q, want [big.xlsx]", m.Oversized)
				}
			})
		}
	})

	t.Run("past MaxWorkbooks the rest are named in Unchecked, not fetched", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		var parts []string
		var want []Attachment
		var unchecked []string
		for i := range 25 {
			name := fmt.Sprintf("claim-%02d.xlsx", i+1)
			data := fakeWorkbook(name)
			parts = append(parts, workbookAttachment(name, data))
			if i < 20 {
				want = append(want, Attachment{Name: name, ContentType: mediaXLSX, Data: data})
			} else {
				unchecked = append(unchecked, name)
			}
		}
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<many@kerala.gov.in>", "", parts...))
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, newMemState(), nil, nil)
		m := receive(t, r.calls)
		checkAttachments(t, m.Attachments, want)
		if !slices.Equal(m.Unchecked, unchecked) {
			t.Errorf("Unchecked = %q, want %q", m.Unchecked, unchecked)
		}
	})

	t.Run("a From that is not one address is quarantined", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		forged := strings.Replace(string(mailWith(allowedSender, "<forged@kerala.gov.in>", "",
			workbookAttachment("claim.xlsx", fakeWorkbook("x")))), "From: Sender <"+allowedSender+">", "From: evil@evil.com <x@kerala.gov.in", 1)
		srv.deliver(t, "INBOX", []byte(forged))
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<honest@kerala.gov.in>", ""))
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, newMemState(), nil, nil)
		if m := receive(t, r.calls); m.MessageID != "<honest@kerala.gov.in>" {
			t.Fatalf("handler got %s, want only the honest mail", m.MessageID)
		}
		q := srv.list(t, DefaultQuarantine)
		if len(q) != 1 || q[0].MessageID != "<forged@kerala.gov.in>" {
			t.Errorf("quarantine holds %+v, want the forged mail", q)
		}
	})
}
