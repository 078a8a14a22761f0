package stpclaims

import "unicode/utf8"

// MaxQuote is the most of a sender's text an answer quotes: a note, a cell
// of the Findings sheet, a line of the reply, a value in the report. A claim
// form's longest honest value (a programme's name, a venue) is far shorter.
const MaxQuote = 200

// Quote is s cut to at most n characters, with "…" after a cut.
func Quote(s string, n int) string {
	if len(s) <= n { // bytes ≥ characters: short enough either way
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// Clip cuts every text the form holds (each value and raw text, every
// row's) to MaxQuote characters, so that nothing the sender typed reaches an
// answer at more than that length. The checks see the cut text: a value
// that long is wrong whatever its tail says.
func (f *Form) Clip() {
	f.Sheet = Quote(f.Sheet, MaxQuote)
	for i := range f.Unread {
		u := &f.Unread[i]
		u.Sheet, u.Cell, u.Other, u.Code = Quote(u.Sheet, MaxQuote), Quote(u.Cell, MaxQuote), Quote(u.Other, MaxQuote), Quote(u.Code, MaxQuote)
	}
	if a := f.AnnexureII; a != nil {
		a.clip()
	}
	if b := f.TABill; b != nil {
		b.clip()
	}
	if s := f.Settlement; s != nil {
		s.clip()
	}
}

// clipFields cuts the raw text and cell of fields of one type.
func clipFields[T any](fs ...*Field[T]) {
	for _, f := range fs {
		f.Raw, f.Cell = Quote(f.Raw, MaxQuote), Quote(f.Cell, MaxQuote)
	}
}

// clipTexts cuts text fields: their value too.
func clipTexts(fs ...*Text) {
	clipFields(fs...)
	for _, f := range fs {
		f.Value = Quote(f.Value, MaxQuote)
	}
}

func (a *AnnexureII) clip() {
	clipTexts(&a.Department, &a.Venue, &a.ProgrammeCode, &a.ProgrammeName, &a.OfficerClass, &a.ProgrammeType,
		&a.Coordinator, &a.CoordinatorDesignation, &a.CoordinatorPhone, &a.CoordinatorEmail,
		&a.AccountNo, &a.IFSC, &a.Facilitator, &a.FacilitatorEmail)
	clipFields(&a.StartDate, &a.EndDate)
	clipFields(&a.TrainingDays, &a.Participants, &a.Accommodated, &a.GuestFaculty, &a.OutstationGuestFaculty, &a.GuestSessions)
	clipFields(&a.VenueGovtOwned)
	clipFields(&a.GFRemuneration, &a.GFTA, &a.CoordinationFee, &a.Stationery, &a.Photocopy, &a.Food, &a.VenueHire,
		&a.Miscellaneous, &a.Subtotal, &a.TAAdvance, &a.DAAdvance, &a.OtherExpenses, &a.AdvanceClaimed)
	for i := range a.Conflicts {
		c := &a.Conflicts[i]
		for j := range c.Cells {
			c.Cells[j], c.Raws[j] = Quote(c.Cells[j], MaxQuote), Quote(c.Raws[j], MaxQuote)
		}
	}
}

func (b *TABill) clip() {
	clipTexts(&b.ProgrammeCode, &b.ProgrammeName)
	clipFields(&b.StartDate, &b.EndDate)
	clipFields(&b.TrainingDays)
	clipFields(&b.Total)
	b.ParticipantsSheet, b.FacultySheet = Quote(b.ParticipantsSheet, MaxQuote), Quote(b.FacultySheet, MaxQuote)
	for i := range b.Participants {
		p := &b.Participants[i]
		clipTexts(&p.Name, &p.PEN, &p.Designation, &p.Class, &p.Office, &p.Mode, &p.AccountNo, &p.IFSC)
		clipFields(&p.DistanceKm, &p.AutoKm, &p.EligibleFare, &p.FareClaimed, &p.AutoFare, &p.FullDARate, &p.DAClaimed, &p.Total)
		clipFields(&p.DaysAttended, &p.DaysAbsent)
	}
	for i := range b.Faculty {
		g := &b.Faculty[i]
		clipTexts(&g.Name, &g.Mode, &g.AccountNo, &g.IFSC)
		clipFields(&g.GovtEmployee, &g.Local)
		clipFields(&g.SessionsTaken, &g.DaysEngaged)
		clipFields(&g.DistanceKm, &g.Remuneration, &g.Conveyance, &g.Travel)
	}
}

func (s *Settlement) clip() {
	clipTexts(&s.ProgrammeCode, &s.ProgrammeName, &s.Venue)
	clipFields(&s.StartDate, &s.EndDate, &s.AdvanceDate, &s.SettledOn)
	clipFields(&s.TrainingDays, &s.Participants, &s.Accommodated, &s.GuestFaculty, &s.OutstationGuestFaculty, &s.GuestSessions)
	clipFields(&s.VenueGovtOwned)
	clipFields(&s.AdvanceReceived)
	for i := range s.Expenditure {
		e := &s.Expenditure[i]
		e.Field = Quote(e.Field, MaxQuote)
		clipFields(&e.Actual)
	}
	for i := range s.ReportItems {
		r := &s.ReportItems[i]
		r.Title = Quote(r.Title, MaxQuote)
		clipFields(&r.Enclosed)
	}
}
