package store

import (
	"bytes"
	"strings"
	"testing"

	"stpclaims"
)

// TestStore_AnnotatedCopy: a claim's annotated copy is found in the reply
// queued with its mail, which is tied to the message's first part; none
// for a claim from the folder, a name not attached, or a name attached
// twice.
func TestStore_AnnotatedCopy(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	key := MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 5, UID: 9}
	part := func(data, msgID string) Entry {
		e := claim{data: data, sender: "c@x.in", code: "IMG/" + data}.entry()
		e.Submission.MessageID = msgID
		e.MailKey = &key
		return e
	}
	copyOf := func(name string) stpclaims.Attachment {
		return stpclaims.Attachment{Name: name, ContentType: stpclaims.ContentTypeXLSX, Data: []byte("copy of " + name)}
	}
	reply := &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re: two claims",
		Attachments: []stpclaims.Attachment{copyOf("m1.checked.xlsx"), copyOf("m2.checked.xlsx")}}
	if err := s.EnterMessage(ctx, []Entry{part("m1", "<two@x.in>"), part("m2", "<two@x.in>")}, reply); err != nil {
		t.Fatal(err)
	}
	key.UID = 10
	twice := &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re: twice",
		Attachments: []stpclaims.Attachment{copyOf("m3.checked.xlsx"), copyOf("m3.checked.xlsx")}}
	if err := s.EnterMessage(ctx, []Entry{part("m3", "<twice@x.in>")}, twice); err != nil {
		t.Fatal(err)
	}
	// a workbook of two forms (a sheet each) in a message of its own: the
	// reply is tied to the first form's submission
	key.UID = 11
	sheets := []Entry{part("w2", "<sheets@x.in>"), part("w2", "<sheets@x.in>")}
	sheets[0].Report.Sheet, sheets[1].Report.Sheet = "Programme 1", "Programme 2"
	sheets[1].Report.ProgrammeCode = "IMG/w2b"
	if err := s.EnterMessage(ctx, sheets, &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re: two programmes",
		Attachments: []stpclaims.Attachment{copyOf("w2.checked.xlsx")}}); err != nil {
		t.Fatal(err)
	}
	folder := mustEnter(t, s, claim{data: "f1", code: "IMG/f1", folder: true}.entry())
	ids := map[string]int64{}
	all, err := s.Submissions(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range all {
		name := strings.TrimSuffix(x.File, ".xlsx")
		if x.ProgrammeCode == "IMG/w2b" {
			name = "w2b"
		}
		ids[name] = x.ID
	}
	for _, c := range []struct {
		name string
		id   int64
		file string
		want string
	}{
		{"the message's first part", ids["m1"], "m1.checked.xlsx", "copy of m1.checked.xlsx"},
		{"its second part, through the message", ids["m2"], "m2.checked.xlsx", "copy of m2.checked.xlsx"},
		{"a workbook's first form", ids["w2"], "w2.checked.xlsx", "copy of w2.checked.xlsx"},
		{"its second form, through the workbook", ids["w2b"], "w2.checked.xlsx", "copy of w2.checked.xlsx"},
		{"a name the reply did not attach", ids["m2"], "other.checked.xlsx", ""},
		{"a name attached twice", ids["m3"], "m3.checked.xlsx", ""},
		{"a claim from the folder", folder, "f1.checked.xlsx", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, found, err := s.AnnotatedCopy(ctx, c.id, c.file)
			if err != nil || found != (c.want != "") || !bytes.Equal(data, []byte(c.want)) && c.want != "" {
				t.Errorf("AnnotatedCopy(%d, %s) = %q, %v, %v; want %q", c.id, c.file, data, found, err, c.want)
			}
		})
	}
}
