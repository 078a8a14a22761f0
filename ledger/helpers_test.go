package ledger

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// The people of the tests.
const (
	coord   = "rajesh@revenue.kerala.gov.in"
	coord2  = "anil@revenue.kerala.gov.in"
	fac     = "latha@img.kerala.gov.in"
	finDesk = "accounts@img.kerala.gov.in"
)

var testAuth = Authority{Finance: []string{"Accounts <Accounts@IMG.kerala.gov.in>"}}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal {
	if s == "" {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d(s))
}

// day parses a calendar day (midnight UTC).
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// at is 11:00 IST on a day.
func at(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, stpclaims.DefaultZone())
	if err != nil {
		panic(err)
	}
	return t.Add(11 * time.Hour)
}

func sha(n int64) string { return fmt.Sprintf("%064x", n) }

// request is an Annexure II of code from by, arriving on a day, for a
// programme of 5 days from 2027-02-01 to 2027-02-05 whose largest advance
// is 48,900 and which claims 48,000.
func request(claim int64, code, by, arrived string) stpclaims.AdvanceEvent {
	return stpclaims.AdvanceEvent{Action: stpclaims.ActionRequest, Code: code, Claim: claim, Fingerprint: sha(claim),
		Source: sha(claim), By: by, At: at(arrived), Amount: nd("48000"),
		Request: &stpclaims.AdvanceTerms{Status: stpclaims.StatusClean, Largest: nd("48900"), TADA: nd("20000"),
			FirstDay: day("2027-02-01"), LastDay: day("2027-02-05"), Facilitator: fac, Coordinator: coord}}
}

func recommend(claim int64, code, by, arrived, amount string) stpclaims.AdvanceEvent {
	return stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: code, Claim: claim, Fingerprint: sha(claim),
		Source: sha(1000 + claim), By: by, At: at(arrived), Amount: nd(amount)}
}

func sanction(claim int64, code, by, arrived, amount, on string) stpclaims.AdvanceEvent {
	e := stpclaims.AdvanceEvent{Action: stpclaims.ActionSanction, Code: code, Claim: claim, Fingerprint: sha(claim),
		Source: sha(2000 + claim), By: by, At: at(arrived), Amount: nd(amount), Ref: "FIN/" + code + "/S"}
	if on != "" {
		e.On = day(on)
	}
	return e
}

func pay(claim int64, code, by, arrived, amount, on string) stpclaims.AdvanceEvent {
	e := sanction(claim, code, by, arrived, amount, on)
	e.Action, e.Ref, e.Mode = stpclaims.ActionPay, "UTR"+code, stpclaims.PayBankTransfer
	return e
}

func withdraw(claim int64, code, by, arrived string) stpclaims.AdvanceEvent {
	return stpclaims.AdvanceEvent{Action: stpclaims.ActionWithdraw, Code: code, Claim: claim, Fingerprint: sha(claim),
		Source: sha(3000 + claim), By: by, At: at(arrived)}
}

func settle(claim int64, code, by, arrived, expenditure string) stpclaims.AdvanceEvent {
	return stpclaims.AdvanceEvent{Action: stpclaims.ActionSettle, Code: code, Claim: claim, Fingerprint: sha(claim),
		Source: sha(claim), By: by, At: at(arrived), Amount: nd(expenditure),
		Request: &stpclaims.AdvanceTerms{Status: stpclaims.StatusClean}}
}

func newRegister() *Register {
	cards, err := validate.NewCards()
	if err != nil {
		panic(err)
	}
	return New(cards, stpclaims.DefaultZone())
}

// folded is a register after applying events, each of which must apply.
func folded(t interface {
	Helper()
	Fatalf(string, ...any)
}, events ...stpclaims.AdvanceEvent) *Register {
	t.Helper()
	r := newRegister()
	for i, e := range events {
		if v := r.Apply(e); !v.OK() {
			t.Fatalf("event %d (%s %s) not applied: %+v", i, e.Action, e.Code, v)
		}
	}
	return r
}
