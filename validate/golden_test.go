package validate

import (
	"testing"

	"stpclaims"
)

// The golden files hold whole assessments of claims that break many rules
// at once, so that a change in any message, figure or order shows up in
// review. Refresh them with go test -update after checking the change.

func TestAnnexureII_Golden(t *testing.T) {
	a := cleanClaim()
	a.Venue = text("IMG Regional Centre, Kochi", a.Venue.Cell)
	a.VenueHire = amt("5000", a.VenueHire.Cell)
	a.Participants = cnt(17, a.Participants.Cell)
	a.Accommodated = cnt(10, "Annexure II!C8a")
	a.GuestSessions = cnt(19, a.GuestSessions.Cell)
	a.GuestFaculty = cnt(20, a.GuestFaculty.Cell)
	a.OutstationGuestFaculty = cnt(2, "Annexure II!C9a")
	a.GFTA = amt("90000", a.GFTA.Cell)
	a.OtherExpenses = amt("4000", "Annexure II!C24")
	a.AdvanceClaimed = amt("70050", a.AdvanceClaimed.Cell)
	a.ProgrammeName = stpclaims.Text{Cell: "Annexure II!B6"}
	a.OfficerClass = text("Gazetted", a.OfficerClass.Cell)
	a.AccountNo = text("12-34", a.AccountNo.Cell)
	checkGolden(t, "annexure-messy", AnnexureII(a, Builtin(), day0("2026-01-13")))
}

func TestTABill_Golden(t *testing.T) {
	b := cleanBill()
	b.Participants[0].DistanceKm = numb("5", b.Participants[0].DistanceKm.Cell)
	p := &b.Participants[1]
	p.AutoKm = numb("12", "Participants!K6")
	p.AutoFare = amt("150", "Participants!L6")
	p.DAClaimed = amt("2500", p.DAClaimed.Cell)
	p.FareClaimed = amt("900", p.FareClaimed.Cell)
	p.IFSC = stpclaims.Text{}
	b.Faculty[0].Conveyance = amt("500", b.Faculty[0].Conveyance.Cell)
	b.Faculty[1].Travel = amt("1500", b.Faculty[1].Travel.Cell)
	b.Faculty[1].Remuneration = amt("4000", b.Faculty[1].Remuneration.Cell)
	checkGolden(t, "tabill-messy", TABill(b, Builtin()))
}

func TestSettlement_Golden(t *testing.T) {
	s := cleanSettlement()
	setActual(s, "food", "40000")
	s.GuestSessions = stpclaims.Count{}
	s.SettledOn = date("2026-04-01", s.SettledOn.Cell)
	s.ReportItems[4].Enclosed = yes(false, s.ReportItems[4].Enclosed.Cell)
	s.ReportItems = s.ReportItems[:6]
	checkGolden(t, "settlement-messy", Settlement(s, Builtin()))
}
