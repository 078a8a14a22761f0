package mailbox

import (
	"testing"
)

// TestParseHeaderInfo_from: a From header that is not exactly one address
// gives no sender (the mail is quarantined); a well-formed one gives its
// address.
func TestParseHeaderInfo_from(t *testing.T) {
	tests := []struct {
		from string
		want string
	}{
		{`Sender <a@kerala.gov.in>`, "a@kerala.gov.in"},
		{`a@kerala.gov.in`, "a@kerala.gov.in"},
		{`"Rajesh, RR" <rajesh.rr@kerala.gov.in>`, "rajesh.rr@kerala.gov.in"},
		{`"x" <a@kerala.gov.in> (comment)`, "a@kerala.gov.in"},
		{`evil@evil.com <x@kerala.gov.in`, ""}, // no closing '>'
		{`a@evil.com@kerala.gov.in`, ""},
		{`<a@evil.com@kerala.gov.in>`, ""},
		{`a@kerala.gov.in, b@evil.com`, ""}, // two senders
		{`evil@evil.com <x@kerala.gov.in> <y@kerala.gov.in>`, ""},
		{`"a<b" <x@kerala.gov.in`, ""},
		{``, ""},
	}
	for _, tc := range tests {
		t.Run(tc.from, func(t *testing.T) {
			raw := crlf("From: " + tc.from + "\nTo: claims@img.kerala.gov.in\nSubject: x\nMessage-ID: <m@x>\n\nbody\n")
			info, err := parseHeaderInfo([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			if info.From != tc.want {
				t.Errorf("From = %q, want %q", info.From, tc.want)
			}
			allow := newAllowList([]string{"kerala.gov.in"})
			if tc.want == "" && allow.allows(info.From) {
				t.Errorf("%q passes an allow-list of kerala.gov.in", tc.from)
			}
		})
	}
}
