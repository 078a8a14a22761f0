package output

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/printsetup"
)

// styleKind names one style of the Findings sheet. Each money kind is
// followed by the same with paise.
type styleKind int

const (
	sTitle styleKind = iota
	sHeader
	sHeaderRight
	sHeaderCentre
	sText
	sCentre
	sWrap
	sLink
	sBold
	sBoldWrap
	sMoney
	sMoneyPaise
	sSummaryMoney
	sSummaryMoneyPaise
	sTotalMoney
	sTotalMoneyPaise
	sError // a finding's line, filled by its severity
	sDeviation
	sInfo
	sClean // the status, filled by it
	sReview
	sReturned
	styleKinds
)

// wraps reports whether a kind wraps its text (its rows are made tall
// enough for it), bold whether its text is bold.
func (k styleKind) wraps() bool {
	switch k {
	case sHeader, sHeaderRight, sHeaderCentre, sWrap, sBoldWrap, sError, sDeviation, sInfo, sClean, sReview, sReturned:
		return true
	}
	return false
}

func (k styleKind) bold() bool {
	switch k {
	case sTitle, sHeader, sHeaderRight, sHeaderCentre, sBold, sBoldWrap, sSummaryMoney, sSummaryMoneyPaise,
		sTotalMoney, sTotalMoneyPaise, sClean, sReview, sReturned:
		return true
	}
	return false
}

// severityStyle is the style of a finding's line.
func severityStyle(s stpclaims.Severity) styleKind {
	switch s {
	case stpclaims.SeverityError:
		return sError
	case stpclaims.SeverityDeviation:
		return sDeviation
	}
	return sInfo
}

// statusStyle is the style of the status line.
func statusStyle(s stpclaims.Status) styleKind {
	switch s {
	case stpclaims.StatusClean:
		return sClean
	case stpclaims.StatusReview:
		return sReview
	case stpclaims.StatusReturned:
		return sReturned
	}
	return sBoldWrap
}

// findingsStyles makes the Findings sheet's styles in the workbook as they
// are first used (each is a search of the workbook's styles, and a sheet
// uses a few of them), keeping the first error. The fills of the
// severities are the ones the sender's cells got (fills), added to the
// wrapped style's record. Every font names printsetup.FontFamily, so that
// LibreOffice does not print one in its serif default.
type findingsStyles struct {
	f     *excelize.File
	fills *filler
	id    [styleKinds]int
	err   error
}

func newFindingsStyles(f *excelize.File, fills *filler) *findingsStyles {
	s := &findingsStyles{f: f, fills: fills}
	for i := range s.id {
		s.id[i] = -1
	}
	return s
}

// get is the style of kind k, made on first use; 0 (the default) after an
// error.
func (s *findingsStyles) get(k styleKind) int {
	if s.id[k] >= 0 || s.err != nil {
		return max(s.id[k], 0)
	}
	var id int
	var err error
	switch k {
	case sError, sDeviation, sInfo, sReview, sReturned:
		base, sev := sWrap, map[styleKind]stpclaims.Severity{sError: stpclaims.SeverityError, sDeviation: stpclaims.SeverityDeviation,
			sInfo: stpclaims.SeverityInfo, sReview: stpclaims.SeverityDeviation, sReturned: stpclaims.SeverityError}[k]
		if k == sReview || k == sReturned {
			base = sBoldWrap
		}
		if b := s.get(base); s.err == nil {
			id, err = s.fills.styleFor(b, sev)
		}
	default:
		st := styleOf(k)
		id, err = s.f.NewStyle(&st)
	}
	if err != nil {
		s.err = fmt.Errorf("output: findings sheet style: %w", err)
		return 0
	}
	if s.err != nil {
		return 0
	}
	s.id[k] = id
	return id
}

// styleOf is what kind k looks like.
func styleOf(k styleKind) excelize.Style {
	font := &excelize.Font{Family: printsetup.FontFamily, Size: 11, Bold: k.bold()}
	al := &excelize.Alignment{Vertical: "top", WrapText: k.wraps()}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	st := excelize.Style{Font: font, Alignment: al}
	rupees, paise := printsetup.Rupees, printsetup.RupeesPaise
	switch k {
	case sTitle:
		font.Size = 14
	case sHeader, sHeaderRight, sHeaderCentre:
		st.Fill = fill("D9D9D9")
		st.Border = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
		al.Horizontal = map[styleKind]string{sHeaderRight: "right", sHeaderCentre: "center"}[k]
	case sCentre:
		al.Horizontal = "center"
	case sLink:
		font.Color, font.Underline = "0563C1", "single"
	case sMoney, sTotalMoney, sSummaryMoney:
		st.CustomNumFmt = &rupees
	case sMoneyPaise, sTotalMoneyPaise, sSummaryMoneyPaise:
		st.CustomNumFmt = &paise
	case sClean:
		st.Fill = fill("C6EFCE")
	}
	switch k {
	case sSummaryMoney, sSummaryMoneyPaise:
		al.Horizontal = "left"
	case sTotalMoney, sTotalMoneyPaise:
		st.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	}
	return st
}
