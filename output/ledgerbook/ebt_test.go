package ledgerbook

import (
	"testing"
	"time"

	"stpclaims/store"
)

func TestEBTPaid(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2027, 2, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name  string
		paid  []store.EBTPaid
		lists string
		day   time.Time
	}{
		{"no list", nil, "", time.Time{}},
		{"one list, not uploaded", []store.EBTPaid{{List: 12}}, "12", time.Time{}},
		{"one list, uploaded", []store.EBTPaid{{List: 12, Uploaded: d(10)}}, "12", d(10)},
		{"two, both uploaded: the later day", []store.EBTPaid{{List: 12, Uploaded: d(10)}, {List: 15, Uploaded: d(14)}}, "12, 15", d(14)},
		{"two, one still to upload", []store.EBTPaid{{List: 12, Uploaded: d(10)}, {List: 15}}, "12, 15", time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lists, day := ebtPaid(tc.paid)
			if lists != tc.lists || !day.Equal(tc.day) {
				t.Errorf("ebtPaid = %q, %v; want %q, %v", lists, day, tc.lists, tc.day)
			}
		})
	}
}
