// Package ebt makes the e-BT lists: the payments by electronic bank
// transfer the 2015 order asks for (IV.4; V; Annexure I.6), worked out from
// the checked figures so that nobody retypes them.
//
// Plan takes a programme's latest TA bill (each row's admissible amount,
// account number and IFSC, as the store keeps them) and the lists already
// made for it, and says what is new: one row per participant and guest
// faculty member with an admissible amount above zero and bank details
// TA-BANK accepts (serial, name, PEN, account number, IFSC, bank, amount,
// narration "TA <programme code>"); the rest on a second sheet with the
// reason. A list is a DRAFT while the bill is returned or awaiting a
// decision; a draft may lose rows to the corrected bill and becomes final
// when that bill is. A person already on a list is
// never put on another for the same amount: a corrected bill gives a list
// of the differences only, with the reason on each row, and a person on a
// list the Finance Division has marked uploaded is never listed again (a
// later change to what they are due goes on the second sheet, for payment
// or recovery by other means). An advance is planned by the same rules in
// lists of its own (AdvanceBill: the co-ordinator, the account of
// Annexure II line 23, the amount sanctioned). CanMark says whether a list
// may be marked uploaded (never a draft).
//
// It also holds the parts of a list a bank sees: the bank's name from the
// IFSC's first four letters (banks.txt, a table in the repository), the
// check total of the account numbers (CheckTotal), and the upload file in
// a configurable Layout (delimited or fixed width, header line, trailer
// with count and total) with one default: comma-separated with a header
// row.
//
// It neither reads nor writes the store or any file but the upload file it
// is handed a writer for: the store keeps the lists (store.PlanEBT applies a
// plan in the transaction it was read in), package output/ebtbook writes
// the workbook for people, and the desk decides when lists are made.
// Money is decimal; account numbers and IFSCs are text throughout.
package ebt
