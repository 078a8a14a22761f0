// Package stpclaims holds the vocabulary of the STP claims checker: the
// submissions that arrive, the three forms co-ordinators send (Annexure II,
// TA bill, settlement statement) as typed structs whose every value remembers
// the cell it came from, the findings, lines and reports the checker hands
// back, and how each form names its lines and columns for people
// ("Line 14, Food & Refreshments": LabelOf), which the rules' messages and
// the annotated copy share.
//
// It does no I/O and knows nothing of spreadsheets, mail or rates: reading a
// workbook is package ingest/read, the rules and rate cards are package
// validate, the annotated copy and reply are package output, and the durable
// record is package store. Money is decimal.Decimal throughout; a float never
// holds rupees.
package stpclaims
