// Package validate judges STP finance claims against a rate card: it holds
// the rate cards (the built-in 2015 card and cards the finance division
// writes in TOML), the catalogue of rules of rules.md with their clauses and
// severities, and one small pure check per rule ID for the three forms
// (Annexure II, TA bill, settlement statement).
//
// The checks take a form already read (package stpclaims types) and return an
// stpclaims.Assessment: findings, lines with claimed, cap and admissible
// amounts, the largest advance, totals and settlement figures. A rule
// violation is a finding, never an error. Money is decimal.Decimal from the
// card to the result; caps are computed exactly and rounded half-up to the
// rupee.
//
// The package does no I/O: it does not read workbooks or files, know about
// spreadsheets, keep the ledger (the ledger rules AII-DUPLICATE and
// TA-OVER-ADVANCE are catalogued here but checked by the ledger), or decide a
// form's status (stpclaims.StatusOf does).
package validate
