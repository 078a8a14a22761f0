package ebtbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"stpclaims/output/printsetup"
)

// titleSize is the titles' font size.
const titleSize = 14.0

type styles struct {
	title, first, header, label, value, hint    int
	cell, serial, text, count, money, moneyBold int
	input, date                                 int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	locked, unlocked := &excelize.Protection{Locked: true}, &excelize.Protection{Locked: false}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	money, date := printsetup.RupeesPaise, printsetup.Date
	font := func(bold, italic bool, size float64, colour string) *excelize.Font {
		return &excelize.Font{Family: printsetup.FontFamily, Bold: bold, Italic: italic, Size: size, Color: colour}
	}
	plain := font(false, false, printsetup.DefaultFontSize, "")
	var st styles
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: font(true, false, titleSize, ""), Protection: locked}},
		{&st.first, &excelize.Style{Font: font(true, false, printsetup.DefaultFontSize, ""), Fill: fill("FCE4D6"), Border: border, Protection: locked, Alignment: top}},
		{&st.header, &excelize.Style{Font: font(true, false, printsetup.DefaultFontSize, ""), Fill: fill("D9E1F2"), Border: border, Protection: locked,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}},
		{&st.label, &excelize.Style{Font: font(true, false, printsetup.DefaultFontSize, ""), Border: border, Protection: locked, Alignment: top}},
		{&st.value, &excelize.Style{Font: plain, Border: border, Protection: locked, Alignment: top}},
		{&st.hint, &excelize.Style{Font: font(false, true, 9, "595959"), Protection: locked, Alignment: top}},
		{&st.cell, &excelize.Style{Font: plain, Border: border, Protection: locked, Alignment: top}},
		{&st.serial, &excelize.Style{Font: plain, Border: border, Protection: locked, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		// Text format (@): a number typed over it stays text too.
		{&st.text, &excelize.Style{Font: plain, Border: border, Protection: locked, NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&st.count, &excelize.Style{Font: plain, Border: border, Protection: locked, NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&st.money, &excelize.Style{Font: plain, Border: border, Protection: locked, CustomNumFmt: &money, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.moneyBold, &excelize.Style{Font: font(true, false, printsetup.DefaultFontSize, ""), Border: border, Protection: locked, CustomNumFmt: &money,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&st.input, &excelize.Style{Border: border, Fill: fill("FFF2CC"), Protection: unlocked, CustomNumFmt: &date,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&st.date, &excelize.Style{Font: plain, Border: border, Protection: locked, CustomNumFmt: &date, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return st, fmt.Errorf("ebtbook: style: %w", err)
		}
		*d.id = id
	}
	return st, nil
}
