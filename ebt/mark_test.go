package ebt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"stpclaims"
)

func TestCanMark(t *testing.T) {
	zone := stpclaims.DefaultZone()
	made := time.Date(2027, 2, 9, 10, 0, 0, 0, zone)
	today := time.Date(2027, 2, 12, 9, 0, 0, 0, zone)
	day := func(dd int) time.Time { return time.Date(2027, 2, dd, 0, 0, 0, 0, time.UTC) }
	final := func() *stpclaims.EBTList {
		l := sampleList()
		l.Made = made
		return l
	}
	cases := []struct {
		name    string
		list    func() *stpclaims.EBTList
		print   string // the workbook's fingerprint: "" for none, "now" for the list's own
		on      time.Time
		refusal string // "" when it may be marked
		already bool
	}{
		{"final, from the command line", final, "", day(11), "", false},
		{"final, from its workbook", final, "now", day(9), "", false},
		{"uploaded today", final, "now", day(12), "", false},
		{"draft", func() *stpclaims.EBTList { l := final(); l.Draft = true; return l }, "", day(11), "is a DRAFT", false},
		{"changed since the workbook", final, "0123456789abcdef", day(11), "has changed since this workbook was made", false},
		{"the workbook of its draft", final, "draft", day(11), "has changed since", false},
		{"nothing to pay", func() *stpclaims.EBTList { l := final(); l.Rows = nil; return l }, "", day(11), "nothing to pay", false},
		{"a day to come", final, "", day(13), "a day still to come", false},
		{"before it was made", final, "", day(8), "was made on 09.02.2027", false},
		{"marked before", func() *stpclaims.EBTList {
			l := final()
			l.Uploaded = &stpclaims.EBTUpload{On: day(10), By: "finance@img.kerala.gov.in"}
			return l
		}, "", day(11), "was marked uploaded on 10.02.2027 by finance@img.kerala.gov.in already", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.list()
			print := tc.print
			switch print {
			case "now":
				print = Fingerprint(l)
			case "draft":
				dl := *l
				dl.Draft = true
				print = Fingerprint(&dl)
			}
			err := CanMark(l, print, tc.on, today, zone)
			var r *Refusal
			switch {
			case tc.refusal == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.refusal != "" && (!errors.As(err, &r) || !strings.Contains(r.Reason, tc.refusal) || r.Already != tc.already || r.List != 12):
				t.Errorf("CanMark = %#v, want a refusal saying %q", err, tc.refusal)
			}
		})
	}
}
