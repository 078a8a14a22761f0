// Package ledger is the register of advances (clauses V and VII of the 2015
// order): the life of each programme's advance from request to settlement,
// the checks on every step, penal interest, and the read model the ledger
// and facilitators' workbooks are written from.
//
// One advance per programme code. It is requested by the programme's live
// Annexure II (a returned claim is never an advance); a later claim of the
// same code from the same sender supersedes the request while it is not yet
// sanctioned (folder drops all come from one sender, stpclaims.FinanceDesk);
// a claim of the same code from anyone else never replaces it and is
// AII-DUPLICATE. The facilitator recommends an amount (at most the largest
// advance, by default the largest); where the co-ordinator is the facilitator
// the request is recommended at the largest advance on arrival. The Finance
// Division sanctions (at most the recommendation, not dated before the
// request) and pays (at most the sanction, by bank transfer or cheque), or
// marks the programme withdrawn. The settlement statement settles it: the
// balance is worked on the amount paid, and penal interest runs only on an
// advance that was paid, on the amount paid, from the day after the
// settle-by date to the day the statement arrived (ADV-OVERDUE while it has
// not).
//
// A Register is a fold over stpclaims.AdvanceEvent values in the order they
// happened: Apply takes one and says what it did (a Verdict); a refused
// step is a Verdict with the rule and a reason for the sender, never an
// error. Check says, before anything is recorded, whether a new event may
// be applied as its sender's authority stands now (the finance addresses,
// the deviations still undecided). Rows, Overdue, Totals and Facilitator
// are the read model; Duplicate, OverAdvance and LinkSettlement are the
// rules a new claim is checked by against the register.
//
// The package neither reads nor writes anything: the store keeps the events
// (requests and settlements are the claims it holds, the other steps rows
// of their own), package output/ledgerbook writes the workbooks, and the
// desk decides what to record. Rates and days come from the rate card in
// force for the programme (validate.Card: penal_interest_annual,
// settle_within_days), never from literals here.
package ledger
