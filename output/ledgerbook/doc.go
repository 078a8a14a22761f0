// Package ledgerbook writes the finance division's consolidated ledger
// workbook and each facilitator's review workbook from the store.
//
// The ledger (Write, WriteFile) has the sheets Advances (one row per live
// claim for advance, with lines claimed and admissible, the settle-by date,
// days overdue and penal interest to date), TA Bills (one row per
// participant and per guest faculty, with the e-BT lists that pay it and
// the day they were marked uploaded), Settlements, Deviations (the
// deviations awaiting a decision, with a Decision dropdown and Remarks),
// Summary (totals by month, centre and component, and a chart of spend by
// component) and Sources (every submission with its sha256, sender,
// Message-ID and status). A review workbook (WriteReview) lists one
// facilitator's deviations awaiting a decision with their co-ordinator, a
// link to each claim, a Decision dropdown, Remarks, and hidden identifiers
// (claim id, finding id and the claim's sha256 as its fingerprint) that
// package ingest/review reads back; the claims with their totals, largest
// advance and annotated copy's name; their money lines; and the
// facilitator's register (the layout both keep to is
// internal/reviewbook's).
//
// Every sheet prints on A4 through package output/printsetup, one page
// wide, its header row on every page: the columns a printout needs come
// first and are the print area, the rest show on the screen only. Rows are
// as tall as the wrapped text of their printed columns; rupees are grouped
// the Indian way (6,22,262), dates written dd.mm.yyyy.
//
// Rows come from a Ledger, one sheet at a time: OpenLedger reads them from
// the store as they are written, each sheet in one pass (only small maps
// are held; a sheet's rows are read in a goroutine of their own while the
// rows before them are written, and counted as they are written), FromStore
// collects them into a Book in memory. Sheets are
// written with excelize's StreamWriter and zipped straight to the
// destination; every text is written as
// text (never a formula), money as number cells in a rupee format carried
// from the decimal's own digits, dates as date cells; header rows are
// frozen and filtered. WriteFile writes to a temporary file and renames it;
// Verify reads the file back (its parts streamed out of the zip, rows
// counted and four columns summed) and checks it against what was written.
//
// It neither decides nor records anything: OpenLedger and FromStore only
// read the store (decisions are store.Decide's), and the rules and penal
// interest are package validate's.
package ledgerbook
