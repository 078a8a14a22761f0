// Package templates writes the blank workbooks the program hands out to
// co-ordinators: the Annexure II proforma for claiming an advance, the TA
// bill (Participants and Guest Faculty sheets) and the settlement statement,
// laid out as the 2015 order (IMG Proceedings No. 420/2015/IMG) and
// docs/forms.md describe them, so that package read reads a filled
// copy back exactly.
//
// Each workbook helps whoever fills it: the input cells are unlocked and
// tinted and everything else is protected (without a password); dropdowns
// offer the class of officers, the type of programme, the mode of travel and
// yes/no; dates, counts and amounts are validated with a message saying what
// is expected; a "Limit" column right of every money line (in the TA bill,
// right of the claims) computes the line's cap live from the figures
// entered, using the rates of the rate card in force written into a hidden
// "Rates" sheet, and turns the line red when it is over; an "Instructions"
// sheet quotes the clause each line follows.
//
// Each sheet prints on A4 (package output/printsetup): the Annexure II and
// the settlement statement on one page each, the TA bill's tables one page
// wide with their header row on every page, each Instructions sheet on one
// page; rows are as tall as their wrapped text, amounts are grouped the
// Indian way (6,22,262) and dates written dd.mm.yyyy.
//
// The Limit formulas mirror package validate's caps (rounded half-up to the
// rupee with ROUND(x,0), the largest advance to the nearest 100) but they are
// guidance: the program's own check of the returned workbook is what counts.
// One known simplification: whether the venue is an IMG centre is decided in
// the sheet by a text test (the venue names IMG and one of the card's centre
// places, or nothing but IMG and generic words such as "Regional Centre"),
// close to but not exactly validate.Card.IsIMGCentre; likewise whether it is
// Government-owned by the card's govt_venue_words, where the "Venue
// Govt-owned" cell says neither Yes nor No.
//
// The package does not read or check workbooks (packages read and validate
// do), send mail or choose the rate card in force (its callers pass the
// card).
package templates
