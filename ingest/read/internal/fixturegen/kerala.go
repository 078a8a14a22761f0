package main

// The fixtures of issue 13 ("read every form the way Kerala offices write
// it"): the three forms with Malayalam and bilingual labels and the
// spellings of everyday office writing. fixturegen writes them with excelize
// into -kerala; the committed files are those saved by LibreOffice from them
// as .xlsx, .ods and .xls (see ingest/read/testdata/README.md).

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeKerala writes the three Kerala fixtures into dir.
func writeKerala(dir string) error {
	for name, build := range map[string]func() (*excelize.File, error){
		"annexure.xlsx":   keralaAnnexure,
		"tabill.xlsx":     keralaTABill,
		"settlement.xlsx": keralaSettlement,
	} {
		f, err := build()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := f.SaveAs(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		_ = f.Close()
	}
	return nil
}

// keralaAnnexure is an Annexure II on a bilingual proforma: Malayalam first
// (English after a slash, in brackets, or not at all), Malayalam digits,
// രൂപ, "/=", "Rs:", "INR", a lakh, amounts in words, a duration in
// Malayalam and a venue that is Government-owned by its name.
func keralaAnnexure() (*excelize.File, error) {
	f, err := newSheet("അനുബന്ധം II")
	if err != nil {
		return nil, err
	}
	sheet := "അനുബന്ധം II"
	err = put(f, sheet, 1, [][]any{
		{"അനുബന്ധം II / ANNEXURE II"},
		{"STP പരിപാടികൾക്കുള്ള അഡ്വാൻസ് ആവശ്യപ്പെടുന്നതിനുള്ള പ്രൊഫോർമ"},
		{"വകുപ്പ് / Department", nil, "റവന്യൂ വകുപ്പ്"},
		{"സ്ഥലവും വേദിയും / Place & Venue", nil, "Govt. Guest House, Kollam"},
		{"ക്രമ നം", "വിവരം / Particulars", "തുക / വിവരം"},
		{"൧", "പരിശീലന പരിപാടിയുടെ കോഡ് / Training Programme Code", "STP/REV/2027/014"},
		{"൨", "പരിശീലന പരിപാടിയുടെ പേര് / Name of training Programme", "റവന്യൂ റിക്കവറി നടപടികൾ"},
		{"൩", "കാലാവധി / Duration", "12.01.2027 മുതൽ 16.01.2027 വരെ (5 ദിവസം)"},
		{"൪", "പങ്കെടുക്കുന്നവരുടെ എണ്ണം (No. of participants)", "൩൦"},
		{"", "താമസ സൗകര്യം ആവശ്യമുള്ളവരുടെ എണ്ണം", "Twenty (20)"},
		{"൫", "ഗസ്റ്റ് ഫാക്കൽറ്റികളുടെ എണ്ണം / Number of Guest Faculty", "നാല്"},
		{"൬", "Number of sessions allotted to Guest Faculty / ഗസ്റ്റ് ഫാക്കൽറ്റിക്ക് അനുവദിച്ച സെഷനുകളുടെ എണ്ണം", "8 sessions"},
		{"൭", "ഉദ്യോഗസ്ഥരുടെ വിഭാഗം / Class of Officers", "II, III"},
		{"൮", "പരിശീലന പരിപാടിയുടെ തരം / Type of training programme", "District"},
		{"൯", "ഗസ്റ്റ് ഫാക്കൽറ്റിക്കുള്ള പ്രതിഫലം / Remuneration to Guest Faculty", "6000/="},
		{"൧൦", "ഗസ്റ്റ് ഫാക്കൽറ്റിക്കുള്ള യാത്രാബത്ത / TA/DA to Guest Faculty", "Rs:2,000"},
		{"൧൧", "കോ-ഓർഡിനേഷൻ ഫീസ്", "INR 1500"},
		{"൧൨", "സ്റ്റേഷനറി / Stationery", "രൂപ 3,100/-"},
		{"൧൩", "ഫോട്ടോകോപ്പി / Photocopy charges", "3,750=00"},
		{"൧൪", "ഭക്ഷണവും ലഘുഭക്ഷണവും / Food & Refreshments", "29,000 (Rupees Twenty Nine Thousand only)"},
		{"൧൫", "വേദിയുടെ വാടക / Hiring charges for venue", "Rs.2,500/="},
		{"൧൬", "പലവക / Miscellaneous", "2750"},
		{"൧൭", "ആകെ (9 മുതൽ 16 വരെ) / Total (Sl.No.9 to 16)", "50,600"},
		{"൧൮", "യാത്രാബത്ത അഡ്വാൻസ് / TA advance for participants", "Rs.0.16 lakh"},
		{"൧൯", "ദിനബത്ത അഡ്വാൻസ് / DA advance", "5,000 രൂപ"},
		{"൨൦", "മറ്റ് ചെലവുകൾ / Other expenses", "ഇല്ല"},
		{"൨൧", "ആവശ്യപ്പെടുന്ന അഡ്വാൻസ് / Advance Claimed", "Rs. 51,800/- (Rupees Fifty One Thousand Eight Hundred only)"},
		{"൨൨", "കോ-ഓർഡിനേറ്ററുടെ പേര് / Name of the Co-ordinator", "ശ്രീമതി. അനിത കെ, Deputy Collector, Ph: 9447012345, anitha.k@kerala.gov.in"},
		{"൨൩", "അക്കൗണ്ട് നമ്പർ / Account No.", "67012345678"},
		{"", "IFSC", "SBIN0070123"},
	})
	return f, err
}

// keralaTABill is a TA bill with Malayalam and bilingual column headers, a
// header block whose From and To are date-and-time cells, and guest faculty
// travelling by "Uber" and "Rly".
func keralaTABill() (*excelize.File, error) {
	f, err := newSheet("പങ്കെടുക്കുന്നവർ")
	if err != nil {
		return nil, err
	}
	p := "പങ്കെടുക്കുന്നവർ"
	from := time.Date(2027, 2, 8, 0, 0, 0, 0, time.UTC)
	to := time.Date(2027, 2, 12, 17, 30, 0, 0, time.UTC)
	if err := put(f, p, 1, [][]any{
		{"യാത്രാബത്ത ബിൽ / TA bill of participants"},
		{"പരിശീലന പരിപാടിയുടെ കോഡ് / Programme code", "STP/REV/2027/014"},
		{"പരിശീലന പരിപാടിയുടെ പേര്", "റവന്യൂ റിക്കവറി നടപടികൾ"},
		{"മുതൽ / From", from, "വരെ / To", to},
		{"പരിശീലന ദിവസങ്ങൾ / Training days", "അഞ്ച്"},
		{},
		{"ക്രമ നമ്പർ", "പേര് / Name", "പെൻ / PEN", "ഉദ്യോഗപ്പേര്", "ക്ലാസ് / Class", "ഓഫീസ് / Office",
			"ആസ്ഥാനത്തു നിന്നുള്ള ദൂരം (കി.മീ.)", "യാത്രാ മാർഗം / Mode", "അർഹമായ യാത്രാക്കൂലി / Eligible fare",
			"യാത്രാക്കൂലി / Fare claimed", "ഓട്ടോ ദൂരം / Auto km", "ഓട്ടോ കൂലി / Auto fare", "ഹാജരായ ദിവസങ്ങൾ / Days attended",
			"ഹാജരാകാത്ത ദിവസങ്ങൾ / Days absent", "പൂർണ്ണ ദിനബത്ത നിരക്ക് / Full DA rate", "ദിനബത്ത / DA claimed",
			"ആകെ / Total", "അക്കൗണ്ട് നമ്പർ / Account No.", "IFSC"},
		{"൧", "അനിൽ കുമാർ", "123456", "Village Officer", "III", "Village Office, Kottarakkara", "62 km", "KSRTC Fast Passenger",
			"രൂപ 180/-", "180/=", 0, 0, "5", "0", 600, "750", "930", "67100000001", "SBIN0070001"},
		{"൨", "Smt. Beena S", "123457", "Clerk", "IV", "Taluk Office, Punalur", "൪൫", "Bus", "150", "Rs:150", 0, 0,
			"അഞ്ച്", "ഇല്ല", 600, "750", "900", "67100000002", "SBIN0070001"},
		{"൩", "Sri. Jose P", "123458", "Revenue Inspector", "III", "Collectorate, Kollam", "5", "Auto", 0, 0, 0, 0,
			5, 0, 600, 750, 750, "67100000003", "SBIN0070001"},
		{"ആകെ / Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 2580},
	}); err != nil {
		return nil, err
	}
	st, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy hh:mm")})
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(p, "B4", "B4", st); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(p, "D4", "D4", st); err != nil {
		return nil, err
	}
	g := "ഗസ്റ്റ് ഫാക്കൽറ്റി"
	if _, err := f.NewSheet(g); err != nil {
		return nil, err
	}
	err = put(f, g, 1, [][]any{
		{"ക്രമ നമ്പർ", "പേര് / Name", "സർക്കാർ ജീവനക്കാരനാണോ (Y/N)", "ലോക്കൽ / Local", "എടുത്ത സെഷനുകൾ / Sessions taken",
			"പങ്കെടുത്ത ദിവസങ്ങൾ / Days engaged", "ദൂരം / Distance (km)", "യാത്രാ മാർഗം / Mode", "പ്രതിഫലം / Remuneration",
			"കൺവെയൻസ് / Conveyance", "യാത്രാബത്ത / Travel", "അക്കൗണ്ട് നമ്പർ / Account No.", "IFSC"},
		{"൧", "Dr. Rao", "ഇല്ല", "N", 2, 1, "80", "Rly", "1,500", 0, "1000/=", "1234567890", "SBIN0001234"},
		{"൨", "Prof. Menon", "N", "ഇല്ല", 2, 1, "90 km", "Train", 1500, 0, "1,200", "1234567891", "SBIN0001234"},
		{"൩", "Smt. Lekha", "N", "Y", 2, 1, "12", "Uber", 1500, 0, "800", "1234567892", "SBIN0001234"},
	})
	return f, err
}

// keralaSettlement is a settlement statement in Malayalam with English
// beside some labels and column headers.
func keralaSettlement() (*excelize.File, error) {
	f, err := newSheet("സെറ്റിൽമെന്റ്")
	if err != nil {
		return nil, err
	}
	s := "സെറ്റിൽമെന്റ്"
	err = put(f, s, 1, [][]any{
		{"സെറ്റിൽമെന്റ് സ്റ്റേറ്റ്മെന്റ് / SETTLEMENT STATEMENT"},
		{"൧", "പരിശീലന പരിപാടിയുടെ കോഡ്", "STP/REV/2027/014"},
		{"൨", "പരിശീലന പരിപാടിയുടെ പേര് / Name of training Programme", "റവന്യൂ റിക്കവറി നടപടികൾ"},
		{"൩", "കാലാവധി", "12-16 January 2027 (Five days)"},
		{"൪", "പങ്കെടുത്തവരുടെ എണ്ണം", "thirty"},
		{"൫", "ഗസ്റ്റ് ഫാക്കൽറ്റികളുടെ എണ്ണം", "൪"},
		{"൬", "സെഷനുകളുടെ എണ്ണം", "8"},
		{"", "സ്ഥലവും വേദിയും / Place & Venue", "PWD Rest House, Kollam"},
		{"", "ലഭിച്ച അഡ്വാൻസ് / Advance received", "Rs.0.5 lakh", "തീയതി", "05.01.2027"},
		{"", "തീർപ്പാക്കിയ തീയതി / Date of settlement", "10 ഫെബ്രുവരി 2027"},
		{},
		{"ക്രമ നം", "ഇനം / Item", "അനുവദിച്ചത് / Sanctioned", "യഥാർത്ഥ ചെലവ് / Actual expenditure"},
		{"൯", "ഗസ്റ്റ് ഫാക്കൽറ്റിക്കുള്ള പ്രതിഫലം", "6000", "Rs. 5,250/="},
		{"൧൦", "ഗസ്റ്റ് ഫാക്കൽറ്റിക്കുള്ള യാത്രാബത്ത", "2000", "1,200"},
		{"൧൧", "കോ-ഓർഡിനേഷൻ ഫീസ്", "1500", "1500"},
		{"൧൨", "സ്റ്റേഷനറി", "3100", "൩൦൦൦"},
		{"൧൩", "ഫോട്ടോകോപ്പി", "3750", "ഇല്ല"},
		{"൧൪", "ഭക്ഷണവും ലഘുഭക്ഷണവും", "30000", "രൂപ 29,400"},
		{"൧൫", "വേദിയുടെ വാടക", "0", "2,500"},
		{"൧൬", "പലവക", "2750", "2000"},
		{"൧൮", "ടി എ അഡ്വാൻസ് / TA to participants", "16000", "15,800"},
		{"൧൯", "ദിനബത്ത / DA", "5000", "4,500"},
		{"൨൦", "മറ്റ് ചെലവുകൾ", "0", ""},
		{},
		{"IX", "റിപ്പോർട്ട് ഇനങ്ങൾ / Report items", "ഉള്ളടക്കം ചെയ്തിട്ടുണ്ടോ / Enclosed"},
		{1, "ഹാജർ രജിസ്റ്റർ", "ഉണ്ട്"},
		{2, "പങ്കെടുത്തവരുടെ അന്തിമ പട്ടിക", "ഉണ്ട്"},
		{3, "പരിപാടിയുടെ അന്തിമ സമയക്രമം", "Yes"},
		{4, "ഗസ്റ്റ് ഫാക്കൽറ്റിയുടെ ഹാജർ", "Yes"},
		{5, "സംഗ്രഹ റിപ്പോർട്ട്", "ഇല്ല"},
		{6, "ബയോഡാറ്റ", "Yes"},
		{7, "വിനിയോഗ സാക്ഷ്യപത്രം", "Yes"},
	})
	return f, err
}

func ptr[T any](v T) *T { return &v }
