package printsetup

// FontFamily is the font to name on every font of a style: a style's font
// with no name prints in LibreOffice's serif default, beside the sans of
// the cells that name none.
const FontFamily = "Calibri"

// Number formats for the cells people read. A format is set on a style with
// excelize.Style.CustomNumFmt.
//
// Spreadsheet formats cannot group digits in twos by themselves, so the
// Indian grouping is made of sections chosen by the value, each with its
// commas as literal characters. LibreOffice and Excel differ in one place:
// a negative number falling into the last section of a conditional format
// is shown with its minus sign by Excel and without it by LibreOffice. So
// Rupees and RupeesPaise are for amounts that are never negative (claims,
// limits, advances, totals), and SignedRupees, which gives negative numbers
// a section of their own, for differences (a balance, an amount over a
// limit).
const (
	// Rupees is whole rupees: 999, 1,000, 99,999, 6,22,262, 1,23,45,678.
	Rupees = `[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0`
	// RupeesPaise is rupees and paise: 55,700.50, 6,22,262.00.
	RupeesPaise = `[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00`
	// SignedRupees is whole rupees that may be negative: -2,500, 6,22,262.
	// A negative amount of a lakh or more is grouped in threes
	// (-622,262) and a crore or more in twos only to the lakh
	// (100,00,000): the price of showing the sign in both programs.
	SignedRupees = `[>=100000]##\,##\,##0;[<0]-##,##0;##,##0`
	// SignedRupeesPaise is SignedRupees with paise: -2,500.50, 6,22,262.25.
	SignedRupeesPaise = `[>=100000]##\,##\,##0.00;[<0]-##,##0.00;##,##0.00`
	// Date is a date as the forms write it: 12.01.2026.
	Date = "dd.mm.yyyy"
)
