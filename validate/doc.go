// Package validate judges STP finance claims against a rate card: it holds
// the rate cards (the built-in 2015 card and cards the finance division
// writes in TOML), the catalogue of rules of docs/rules.md with their clauses and
// severities, and one small pure check per rule ID for the three forms
// (Annexure II, TA bill, settlement statement).
//
// The checks take a form already read (package stpclaims types) and return an
// stpclaims.Assessment: findings, lines with claimed, cap and admissible
// amounts, the largest advance (or what it waits for), totals, a TA bill's
// people and settlement figures. Each finding says what to do (Action: a
// figure it suggests never exceeds the cap) and why (Message), naming the
// form's lines by the root package's vocabulary (stpclaims.LabelOf);
// package output composes them for people. A rule
// violation is a finding, never an error. Money is decimal.Decimal from the
// card to the result; caps are computed exactly and rounded half-up to the
// rupee.
//
// The package does no I/O: it does not read workbooks or files, know about
// spreadsheets, keep the register of advances, or decide a form's status
// (stpclaims.StatusOf does). The rules that need the register
// (AII-DUPLICATE, TA-OVER-ADVANCE, the settlement's link to its advance,
// ADV-RECOMMEND, ADV-SANCTION, ADV-OVERDUE) are catalogued here and checked
// by package ledger; PenalInterest is the card's arithmetic they share with
// ST-LATE, and BillRows the bill's rows they sum.
//
// Readings of the 2015 order (IMG Proceedings No. 420/2015/IMG) where the
// specification is silent or says otherwise:
//
//   - Local participants ("within a radius of 8 km", IV.2, Annexure I.4) are
//     those at 8 km or less; they, and participants absent without valid
//     reason (Annexure I.7), lose TA (fare and autorickshaw fare), not DA:
//     the order says "not eligible for TA" and keeps TA and DA apart (IV).
//   - Other expenses (line 20) are admitted as claimed, outside the 75 %
//     base of the advance, and always need the facilitator (AII-OTHER).
//   - A value never guessed: a cap that needs a figure the form lacks or
//     that could not be read is not computed; the line is left out of the
//     lines and admits nothing, and the largest advance is not computed if
//     such a line claims anything. A missing venue is taken as not an IMG
//     centre. A value written but unreadable is AII-REQUIRED (TA-REQUIRED on
//     a TA bill) whether or not the field is required.
//   - TA bill: a duplicate row admits nothing; a card DA rate for the row's
//     class caps its full DA rate column; a local guest faculty member's
//     travel counts with conveyance against 100 a day (GF-LOCAL-TA). Lines
//     are empty for TA bills.
//   - Settlement: a component whose cap cannot be worked out from the
//     statement's figures is admitted as spent with an info finding
//     (ST-NO-REAPPROPRIATION, severity info); report items not marked "yes"
//     (no, blank, unreadable or not listed) are listed by ST-REPORT-ITEMS.
package validate
