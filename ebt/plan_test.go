package ebt

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

const code = "STP/REV/2027/014"

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// pay is a participant the bill admits amount for, with good bank details.
func pay(name, pen, account, amount string) Payee {
	return Payee{Kind: stpclaims.PayeeParticipant, Name: name, PEN: pen, Office: "Collectorate", AccountNo: account,
		IFSC: "SBIN0070123", Claimed: d(amount), Admissible: d(amount)}
}

func ref(b Bill) *Bill { return &b }

func bill(id int64, final bool, payees ...Payee) Bill {
	for i := range payees {
		payees[i].Row = 5 + i
	}
	return Bill{SubmissionID: id, File: "bill.xlsx", Final: final, Recorded: true, Payees: payees}
}

// recorded applies a change to lists as the store records it: the new
// list numbered after the others, withdrawals, drafts made final.
func recorded(lists []stpclaims.EBTList, c stpclaims.EBTChange) []stpclaims.EBTList {
	out := append([]stpclaims.EBTList(nil), lists...)
	for i := range out {
		out[i].Rows = append([]stpclaims.EBTRow(nil), out[i].Rows...)
	}
	var newID int64
	if c.New != nil {
		l := *c.New
		l.ID, l.Seq = int64(len(out)+10), len(out)+1
		newID = l.ID
		out = append(out, l)
	}
	for _, w := range c.Withdraw {
		for i := range out {
			if out[i].ID != w.List {
				continue
			}
			for j := range out[i].Rows {
				if out[i].Rows[j].Serial == w.Serial {
					r := &out[i].Rows[j]
					r.Withdrawn, r.WithdrawnReason = true, w.Reason
					if w.Replaced {
						r.WithdrawnBy = newID
					}
				}
			}
		}
	}
	for _, id := range c.Finalise {
		for i := range out {
			if out[i].ID == id {
				out[i].Draft = false
			}
		}
	}
	return out
}

func uploaded(lists []stpclaims.EBTList, id int64) []stpclaims.EBTList {
	for i := range lists {
		if lists[i].ID == id {
			lists[i].Uploaded = &stpclaims.EBTUpload{On: time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC), By: "finance@img.kerala.gov.in"}
		}
	}
	return lists
}

func names(rows []stpclaims.EBTRow) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.Name+" "+r.Amount.String())
	}
	return strings.Join(s, "; ")
}

func TestPlan_firstList(t *testing.T) {
	b := bill(1, true,
		pay("Anil Kumar", "123456", "0012 3456 7890 12", "1500"),
		Payee{Kind: stpclaims.PayeeGuestFaculty, Name: "Dr. Meera", AccountNo: "567890123456", IFSC: "fdrl0001234", Claimed: d("3000"), Admissible: d("3000")},
	)
	c := Plan(code, stpclaims.EBTFromBill, ref(b), nil)
	if c.New == nil || len(c.New.Rows) != 2 || len(c.New.Others) != 0 || c.New.Draft {
		t.Fatalf("change = %+v", c)
	}
	r := c.New.Rows[0]
	if r.AccountNo != "00123456789012" || r.IFSC != "SBIN0070123" || r.Bank != "State Bank of India" ||
		r.Narration != "TA STP/REV/2027/014" || r.Reason != "" || r.Serial != 1 || r.BillRow != 5 || !r.Amount.Equal(d("1500")) {
		t.Errorf("row 1 = %+v", r)
	}
	if g := c.New.Rows[1]; g.IFSC != "FDRL0001234" || g.Bank != "Federal Bank" || g.Kind != stpclaims.PayeeGuestFaculty || g.Serial != 2 {
		t.Errorf("row 2 = %+v", g)
	}
	if !c.New.Total().Equal(d("4500")) {
		t.Errorf("total = %s", c.New.Total())
	}
}

// TestPlan_unpayable: each reason a person is not paid by transfer, and a
// payable one beside them.
func TestPlan_unpayable(t *testing.T) {
	noIFSC := pay("No IFSC", "2", "123456789", "900")
	noIFSC.IFSC = ""
	badIFSC := pay("Bad IFSC", "3", "123456780", "900")
	badIFSC.IFSC = "SBI0070123"
	zero := pay("Nothing", "4", "123456781", "0")
	claimedOnly := pay("Claimed", "5", "123456782", "700")
	claimedOnly.Admissible = d("0")
	cases := []struct {
		name   string
		payee  Payee
		reason string // "" when paid
	}{
		{"good details", pay("Good", "1", "000123456789012345", "900"), ""},
		{"no account", pay("No account", "6", "", "900"), "TA-BANK: no account number"},
		{"short account", pay("Short", "7", "12345678", "900"), `TA-BANK: the account number "12345678" is not 9 to 18 digits`},
		{"letters in account", pay("Letters", "8", "12345678X9", "900"), `is not 9 to 18 digits`},
		{"19 digits", pay("Long", "9", "1234567890123456789", "900"), `is not 9 to 18 digits`},
		{"no IFSC", noIFSC, "TA-BANK: no IFSC"},
		{"bad IFSC", badIFSC, `TA-BANK: the IFSC "SBI0070123"`},
		{"nothing claimed", zero, "nothing claimed"},
		{"nothing admissible", claimedOnly, "nothing admissible of the Rs 700 claimed: see row 5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Plan(code, stpclaims.EBTFromBill, ref(bill(1, true, tc.payee)), nil)
			if c.New == nil {
				t.Fatal("no list")
			}
			if tc.reason == "" {
				if len(c.New.Rows) != 1 || len(c.New.Others) != 0 {
					t.Fatalf("rows %q, others %q", names(c.New.Rows), names(c.New.Others))
				}
				return
			}
			if len(c.New.Rows) != 0 || len(c.New.Others) != 1 || !strings.Contains(c.New.Others[0].Reason, tc.reason) {
				t.Fatalf("rows %q, others %+v; want the reason %q", names(c.New.Rows), c.New.Others, tc.reason)
			}
			if o := c.New.Others[0]; o.AccountNo != strings.TrimSpace(tc.payee.AccountNo) || !o.Amount.Equal(tc.payee.Admissible) {
				t.Errorf("second sheet row = %+v", o)
			}
		})
	}
}

func TestPlan_draftAndFinal(t *testing.T) {
	for _, final := range []bool{true, false} {
		c := Plan(code, stpclaims.EBTFromBill, ref(bill(1, final, pay("A", "1", "123456789", "100"))), nil)
		if c.New.Draft == final {
			t.Errorf("final bill %t: draft = %t", final, c.New.Draft)
		}
	}
	// Not recorded: nothing planned.
	b := bill(1, true, pay("A", "1", "123456789", "100"))
	b.Recorded = false
	if c := Plan(code, stpclaims.EBTFromBill, ref(b), nil); !c.Empty() {
		t.Errorf("a bill without account numbers: %+v", c)
	}
	if c := Plan(code, stpclaims.EBTFromBill, nil, nil); !c.Empty() {
		t.Errorf("no bill: %+v", c)
	}
}

// TestPlan_again: the same bill planned again against the lists it made
// changes nothing, whether the list is a draft, final or uploaded.
func TestPlan_again(t *testing.T) {
	bad := pay("Bad", "9", "", "500")
	for _, tc := range []struct {
		name   string
		final  bool
		upload bool
	}{{"draft", false, false}, {"final", true, false}, {"uploaded", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			b := bill(1, tc.final, pay("A", "1", "123456789", "100"), bad)
			lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(b), nil))
			if tc.upload {
				lists = uploaded(lists, lists[0].ID)
			}
			if c := Plan(code, stpclaims.EBTFromBill, ref(b), lists); !c.Empty() {
				t.Errorf("planned again: %+v", c)
			}
		})
	}
}

// TestPlan_correctedAfterFinal: a corrected bill after a final list (not
// uploaded) gives the differences only: a new person, the difference of a
// rise; a fall goes on the second sheet.
func TestPlan_correctedAfterFinal(t *testing.T) {
	v1 := bill(1, true, pay("A", "1", "111111111", "100"), pay("B", "2", "222222222", "200"), pay("C", "3", "333333333", "300"))
	lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(v1), nil))
	v2 := bill(2, true, pay("A", "1", "111111111", "100"), pay("B", "2", "222222222", "250"), pay("C", "3", "333333333", "280"), pay("D", "4", "444444444", "400"))
	c := Plan(code, stpclaims.EBTFromBill, ref(v2), lists)
	if c.New == nil || names(c.New.Rows) != "B 50; D 400" {
		t.Fatalf("rows = %q", names(c.New.Rows))
	}
	if r := c.New.Rows[0].Reason; !strings.Contains(r, "admits Rs 250; list 10 pays Rs 200: this is the difference") {
		t.Errorf("difference reason = %q", r)
	}
	if r := c.New.Rows[1].Reason; r != "not on an earlier list of the programme" {
		t.Errorf("new person's reason = %q", r)
	}
	if len(c.New.Others) != 1 || c.New.Others[0].Name != "C" || !strings.Contains(c.New.Others[0].Reason, "list 10 (final, not yet uploaded) pays Rs 300") {
		t.Errorf("others = %+v", c.New.Others)
	}
	if len(c.Withdraw) != 0 || len(c.Finalise) != 0 {
		t.Errorf("a final list was changed: %+v", c)
	}
}

// TestPlan_correctedAfterDraft: a returned bill's draft keeps the rows the
// corrected bill confirms and is made final; the corrected bill's list
// holds the changed rows only, each with its reason.
func TestPlan_correctedAfterDraft(t *testing.T) {
	noAccount := pay("E", "5", "", "500")
	v1 := bill(1, false, pay("A", "1", "111111111", "100"), pay("B", "2", "222222222", "200"), pay("C", "3", "333333333", "300"), noAccount)
	lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(v1), nil))
	if !lists[0].Draft || len(lists[0].Rows) != 3 || len(lists[0].Others) != 1 {
		t.Fatalf("first list = %+v", lists[0])
	}
	// Corrected: B's amount, C's account, E's account given, A gone.
	cNew := pay("C", "3", "333333334", "300")
	v2 := bill(2, true, pay("B", "2", "222222222", "180"), cNew, pay("E", "5", "555555555", "500"))
	c := Plan(code, stpclaims.EBTFromBill, ref(v2), lists)
	if c.New == nil || c.New.Draft || names(c.New.Rows) != "B 180; C 300; E 500" {
		t.Fatalf("new list = %+v", c.New)
	}
	for i, want := range []string{"Rs 180, not Rs 200", "to account 333333334 (SBIN0070123), not 333333333", "payable now; list 10 did not pay by transfer: TA-BANK: no account number"} {
		if !strings.Contains(c.New.Rows[i].Reason, want) {
			t.Errorf("row %d reason %q, want %q", i+1, c.New.Rows[i].Reason, want)
		}
	}
	want := map[int]bool{1: false, 2: true, 3: true} // serial → replaced
	if len(c.Withdraw) != 3 {
		t.Fatalf("withdrawn = %+v", c.Withdraw)
	}
	for _, w := range c.Withdraw {
		if w.List != 10 || want[w.Serial] != w.Replaced {
			t.Errorf("withdrawal %+v", w)
		}
	}
	if len(c.Finalise) != 1 || c.Finalise[0] != 10 {
		t.Errorf("finalised %v", c.Finalise)
	}
	// B, C and E are paid by the new list; nobody by the draft any more
	// (A is gone).
	wantLinks := []stpclaims.EBTLink{{Kind: "participant", BillRow: 5}, {Kind: "participant", BillRow: 6}, {Kind: "participant", BillRow: 7}}
	if fmt.Sprint(c.Links) != fmt.Sprint(wantLinks) || c.Bill != 2 {
		t.Errorf("links %v of bill %d, want %v", c.Links, c.Bill, wantLinks)
	}
	lists = recorded(lists, c)
	again := Plan(code, stpclaims.EBTFromBill, ref(v2), lists)
	if !again.Empty() {
		t.Errorf("planned again: %+v", again)
	}
	if fmt.Sprint(again.Links) != "[{participant 5 11} {participant 6 11} {participant 7 11}]" {
		t.Errorf("links planned again: %v", again.Links)
	}
}

// TestPlan_afterUpload: a person on an uploaded list is never listed
// again; a change goes on the second sheet, once.
func TestPlan_afterUpload(t *testing.T) {
	v1 := bill(1, true, pay("A", "1", "111111111", "100"), pay("B", "2", "222222222", "200"))
	lists := uploaded(recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(v1), nil)), 10)
	v2 := bill(2, true, pay("A", "1", "111111111", "150"), pay("C", "3", "333333333", "300"))
	c := Plan(code, stpclaims.EBTFromBill, ref(v2), lists)
	if c.New == nil || names(c.New.Rows) != "C 300" {
		t.Fatalf("rows = %q", names(c.New.Rows))
	}
	if len(c.New.Others) != 2 ||
		!strings.Contains(c.New.Others[0].Reason, "paid Rs 100 in list 10 (uploaded on 10.02.2027) to account 111111111; the corrected bill admits Rs 150") ||
		!strings.Contains(c.New.Others[1].Reason, "paid Rs 200 in list 10 (uploaded on 10.02.2027) to account 222222222; the bill no longer names") {
		t.Errorf("others = %+v", c.New.Others)
	}
	lists = recorded(lists, c)
	if again := Plan(code, stpclaims.EBTFromBill, ref(v2), lists); !again.Empty() {
		t.Errorf("planned again: %+v", again)
	}
}

func TestPlan_accountOfAnother(t *testing.T) {
	v1 := bill(1, true, pay("A", "1", "111111111", "100"), pay("B", "2", "111111111", "200"))
	c := Plan(code, stpclaims.EBTFromBill, ref(v1), nil)
	if names(c.New.Rows) != "A 100" || len(c.New.Others) != 1 || !strings.Contains(c.New.Others[0].Reason, "the account number 111111111 is A's too") {
		t.Fatalf("change = %+v", c.New)
	}
	lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(bill(1, true, pay("A", "1", "111111111", "100"))), nil))
	c = Plan(code, stpclaims.EBTFromBill, ref(bill(2, true, pay("A", "1", "111111111", "100"), pay("B", "2", "111111111", "200"))), lists)
	if len(c.New.Rows) != 0 || !strings.Contains(c.New.Others[0].Reason, "the account number 111111111 is A's too") {
		t.Errorf("change = %+v", c.New)
	}
}

// TestPlan_samePerson: who counts as the same person across bills.
func TestPlan_samePerson(t *testing.T) {
	cases := []struct {
		name string
		a, b person
		same bool
	}{
		{"same PEN, name respelt", newPerson("participant", "123456", "Anil Kumar", "X"), newPerson("participant", "12 3456", "ANIL KUMAR K", "Y"), true},
		{"different PEN, same name", newPerson("participant", "123456", "Anil", "X"), newPerson("participant", "654321", "Anil", "X"), false},
		{"no PEN on one, same name and office", newPerson("participant", "", "Anil  Kumar.", "Collectorate"), newPerson("participant", "123", "anil kumar", "collectorate"), true},
		{"no PEN, other office", newPerson("participant", "", "Anil", "Collectorate"), newPerson("participant", "", "Anil", "Taluk Office"), false},
		{"a participant and a guest of one name", newPerson("participant", "", "Meera", ""), newPerson("guest faculty", "", "Meera", ""), false},
		{"no name", newPerson("participant", "", "", ""), newPerson("participant", "", "", ""), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := samePerson(tc.a, tc.b); got != tc.same {
				t.Errorf("samePerson = %t", got)
			}
		})
	}
}

// TestPlan_goneFromDraft: a person the corrected bill drops is withdrawn
// from the draft, without a replacement; nothing new is listed.
func TestPlan_goneFromDraft(t *testing.T) {
	lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, ref(bill(1, false, pay("A", "1", "111111111", "100"), pay("B", "2", "222222222", "200"))), nil))
	c := Plan(code, stpclaims.EBTFromBill, ref(bill(2, false, pay("A", "1", "111111111", "100"))), lists)
	if c.New != nil || len(c.Withdraw) != 1 || c.Withdraw[0].Serial != 2 || c.Withdraw[0].Replaced || c.Withdraw[0].Reason != "not on the corrected bill" {
		t.Errorf("change = %+v", c)
	}
}

// TestPlan_advance: a sanctioned advance gives a list of one row to the
// co-ordinator; sanctioned again for more before upload, the difference;
// after upload, nothing more by transfer.
func TestPlan_advance(t *testing.T) {
	adv := func(amount string) *Bill {
		return AdvanceBill(7, "Rajesh Kumar", "0071234567890", "SBIN0070123", d(amount))
	}
	c := Plan(code, stpclaims.EBTFromAdvance, adv("45000"), nil)
	if c.New == nil || c.New.Draft || len(c.New.Rows) != 1 {
		t.Fatalf("change %+v", c)
	}
	r := c.New.Rows[0]
	if r.Kind != stpclaims.PayeeCoordinator || r.Narration != "ADV STP/REV/2027/014" || r.AccountNo != "0071234567890" || !r.Amount.Equal(d("45000")) {
		t.Errorf("row %+v", r)
	}
	lists := recorded(nil, c)
	if again := Plan(code, stpclaims.EBTFromAdvance, adv("45000"), lists); !again.Empty() {
		t.Errorf("planned again: %+v", again)
	}
	more := Plan(code, stpclaims.EBTFromAdvance, adv("48000"), lists)
	if more.New == nil || len(more.New.Rows) != 1 || !more.New.Rows[0].Amount.Equal(d("3000")) {
		t.Errorf("sanctioned for more: %+v", more.New)
	}
	lists = uploaded(lists, 10)
	after := Plan(code, stpclaims.EBTFromAdvance, adv("48000"), lists)
	if after.New == nil || len(after.New.Rows) != 0 || len(after.New.Others) != 1 || !strings.Contains(after.New.Others[0].Reason, "paid Rs 45,000 in list 10") {
		t.Errorf("after upload: %+v", after.New)
	}
}

func TestPlan_advanceWithoutAccount(t *testing.T) {
	c := Plan(code, stpclaims.EBTFromAdvance, AdvanceBill(7, "Rajesh Kumar", "", "SBIN0070123", d("45000")), nil)
	if c.New == nil || len(c.New.Rows) != 0 || len(c.New.Others) != 1 || c.New.Others[0].Reason != "AII-ACCOUNT: no account number" {
		t.Errorf("change %+v", c.New)
	}
}
