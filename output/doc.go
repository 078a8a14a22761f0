// Package output turns a checked workbook's Reports (one a form: a workbook
// may hold several) into what goes back to the sender: the annotated copy
// of the workbook (a note and a severity fill on every cell a finding
// concerns, a note without a fill on the cell that is the reason an amount
// elsewhere is cut, and a "Findings" sheet put first, one a form), the
// one-line JSON report, the short human summary `stpclaims
// check` prints, and the subject and plain-text body of the reply. The
// wording of every other answer and notice lives here too, as functions of
// plain values: why a file was not checked, the note on a file dropped
// twice, the blank forms sent on request, overdue notices, facilitators'
// digests, the answer to a returned review workbook and a co-ordinator's
// notice of a decision (notices.go); package desk decides when each goes
// out and to whom. (A finding's action and message are worded by its rule
// in package validate, and the reader's reason for refusing a file as a form
// by package read.)
//
// A note, a Findings row and a reply line are composed here alike
// (wording.go): the line as the form names it (the root package's
// stpclaims.LabelOf; on a TA bill the row and the person) and what to do,
// then why, then the rule and its clause. The Findings sheet prints on A4
// through package output/printsetup: a summary block (status and programme
// first, the totals, the largest advance or what it waits for), a row per
// finding, and on a TA bill the money per person with the bill's corrected
// total.
//
// It writes into an *excelize.File the caller has opened and will save; it
// never opens or saves files itself, never reads or sends mail (that is
// output/mailer), and never computes a cap or a finding (that is package
// validate): it only presents the Report it is given. Nothing the sender
// typed is changed: annotation changes the style of the cells concerned and
// adds notes and a sheet, and every string it writes is written as text.
//
// Annotation is cheap next to opening and saving the workbook: a sender's
// sheet that excelize has not decoded is marked by editing its stored XML
// (the style index of the cells concerned, a legacyDrawing element, new
// notes and VML parts), so only the cells with findings are touched; a
// sheet already decoded, or one that already carries notes, is marked
// through excelize. Annotate is not safe for concurrent use on one File.
//
// WriteCopy writes the annotated copy (small parts stored, large ones
// deflated fast). A worksheet too large for excelize to hold in memory is
// read from the submitted bytes in chunks (internal/xlsxpart.Attach, done
// by package read): Annotate records its edits and WriteCopy applies them
// as it deflates the part, so such a copy must be written with WriteCopy.
//
// Money is decimal.Decimal throughout; Rupees formats it for people with
// Indian digit grouping, and the Findings sheet stores it in number cells
// written from the decimal's own digits.
package output
