package ebt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"stpclaims"
)

// Refusal is why a list is not marked uploaded; Already says it was
// marked before (nothing to do, nothing wrong).
type Refusal struct {
	List    int64
	Already bool
	Reason  string
}

func (r *Refusal) Error() string { return r.Reason }

// Fingerprint identifies a list as it stands: its number, whether it is a
// draft, and its payments (withdrawn rows left out). A workbook carries
// the fingerprint of the list it shows, so that a list changed since is
// not marked from it.
func Fingerprint(l *stpclaims.EBTList) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%t\x00", l.ID, l.Draft)
	for i := range l.Rows {
		r := &l.Rows[i]
		if r.Withdrawn {
			continue
		}
		fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00", r.Serial, r.AccountNo, r.IFSC, r.Amount.String())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// CanMark says whether a list may be marked uploaded on day (the day it
// went to the bank), today being today: never a draft, a list with nothing
// to pay, a day after today or before the list was made, nor a list marked
// before (Already). fingerprint, when not "", must be the list's as it
// stands (the workbook it came from shows the list as it is). zone turns
// the list's making into a day.
func CanMark(l *stpclaims.EBTList, fingerprint string, day, today time.Time, zone *time.Location) error {
	name := "e-BT list " + strconv.FormatInt(l.ID, 10)
	refuse := func(format string, args ...any) error {
		return &Refusal{List: l.ID, Reason: name + " " + fmt.Sprintf(format, args...)}
	}
	if l.Uploaded != nil {
		return &Refusal{List: l.ID, Already: true, Reason: fmt.Sprintf("%s was marked uploaded on %s by %s already; nothing is changed",
			name, l.Uploaded.On.Format("02.01.2006"), l.Uploaded.By)}
	}
	if l.Draft {
		return refuse("is a DRAFT: its TA bill is returned or awaiting a decision, so it is not uploaded; a final list follows when the corrected bill arrives or the deviations are decided")
	}
	if fingerprint != "" && fingerprint != Fingerprint(l) {
		return refuse("has changed since this workbook was made (it was a draft then, or rows were withdrawn): upload and mark the latest workbook of the list")
	}
	if l.Payments() == 0 {
		return refuse("has nothing to pay by transfer: there is nothing to upload")
	}
	d := civil(day)
	if d.After(civil(today)) {
		return refuse("cannot be marked uploaded on %s, a day still to come", d.Format("02.01.2006"))
	}
	if made := civil(l.Made.In(zone)); d.Before(made) {
		return refuse("was made on %s; it cannot have been uploaded on %s", made.Format("02.01.2006"), d.Format("02.01.2006"))
	}
	return nil
}

// civil is midnight UTC of t's calendar day in its own zone.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
