package read

import (
	"testing"
	"time"
)

func TestLabelSet_Match(t *testing.T) {
	tests := []struct {
		set    labelSet
		header string
		want   string
	}{
		{participantLabels, "Sl.No", "serial"},
		{participantLabels, "Name of the participant", "name"},
		{participantLabels, "PEN No.", "pen"},
		{participantLabels, "Class (I–IV)", "class"},
		{participantLabels, "Office / Headquarters", "office"},
		{participantLabels, "Dist. (km)", "distance"},
		{participantLabels, "Distance from HQ", "distance"},
		{participantLabels, "Distance from headquarters (km)", "distance"},
		{participantLabels, "Mode (Train / Bus / Auto / Own / Taxi)", "mode"},
		{participantLabels, "Eligible fare", "eligible_fare"},
		{participantLabels, "Eligible fare (sleeper class or Fast Passenger + incidentals, to and fro)", "eligible_fare"},
		{participantLabels, "Fare claimed (to & fro)", "fare_claimed"},
		{participantLabels, "Auto km", "auto_km"},
		{participantLabels, "Auto km (single journey)", "auto_km"},
		{participantLabels, "Auto fare", "auto_fare"},
		{participantLabels, "Days attended", "days_attended"},
		{participantLabels, "No. of days attended", "days_attended"},
		{participantLabels, "Days absent (no valid reason)", "days_absent"},
		{participantLabels, "Full DA rate", "full_da_rate"},
		{participantLabels, "DA claimed", "da_claimed"},
		{participantLabels, "DA", "da_claimed"},
		{participantLabels, "Total", "total"},
		{participantLabels, "Total (Rs.)", "total"},
		{participantLabels, "Account No.", "account"},
		{participantLabels, "A/c No.", "account"},
		{participantLabels, "IFSC", "ifsc"},
		{participantLabels, "IFSC Code", "ifsc"},
		{participantLabels, "Remarks", ""},
		{participantLabels, "Signature", ""},
		{participantLabels, "Dates", ""},
		{facultyLabels, "Name", "name"},
		{facultyLabels, "Government employee (Y/N)", "govt"},
		{facultyLabels, "Local (Y/N)", "local"},
		{facultyLabels, "Sessions taken", "sessions"},
		{facultyLabels, "No. of sessions", "sessions"},
		{facultyLabels, "Days engaged", "days"},
		{facultyLabels, "Distance (km)", "distance"},
		{facultyLabels, "Mode", "mode"},
		{facultyLabels, "Remuneration claimed", "remuneration"},
		{facultyLabels, "Conveyance claimed", "conveyance"},
		{facultyLabels, "Travel claimed", "travel"},
		{settlementLabels, "9. Remuneration to Guest Faculty", "gf_remuneration"},
		{settlementLabels, "TA/DA to Guest Faculty", "gf_ta"},
		{settlementLabels, "Co-ordination fee", "coordination_fee"},
		{settlementLabels, "Food & Refreshments", "food"},
		{settlementLabels, "Hiring charges for venue and training equipments", "venue_hire"},
		{settlementLabels, "TA advance for participants", "ta_advance"},
		{settlementLabels, "TA to participants", "ta_advance"},
		{settlementLabels, "DA", "da_advance"},
		{settlementLabels, "19. DA advance", "da_advance"},
		{settlementLabels, "Other expenses", "other_expenses"},
		{settlementLabels, "Total (Sl.No.9 to 16)", ""},
		{settlementLabels, "No. of participants", "participants"},
		{settlementLabels, "Participants availing accommodation", "accommodated"},
		{settlementLabels, "Number of Guest Faculty", "guest_faculty"},
		{settlementLabels, "Outstation non-government guest faculty", "outstation_guest_faculty"},
		{settlementLabels, "Number of sessions allotted to Guest Faculty", "guest_sessions"},
		{settlementLabels, "Place & Venue", "venue"},
		{settlementLabels, "Venue Govt-owned", "venue_govt_owned"},
		{settlementLabels, "Advance received (Rs.)", "advance_received"},
		{settlementLabels, "Advance received on", "advance_date"},
		{settlementLabels, "Date of settlement", "settled_on"},
		{settlementLabels, "Attendance Register", "item1"},
		{settlementLabels, "Final list of participants", "item2"},
		{settlementLabels, "Final programme schedule", "item3"},
		{settlementLabels, "Attendance of Guest Faculty", "item4"},
		{settlementLabels, "Summary report and consolidated evaluation", "item5"},
		{settlementLabels, "Bio-data form", "item6"},
		{settlementLabels, "Utilization Certificate along with vouchers and statement of account", "item7"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := tt.set.match(cleanLabel(tt.header)); got != tt.want {
				t.Errorf("match(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestSplitDuration(t *testing.T) {
	tests := []struct{ in, from, to, days string }{
		{"12.01.2026 to 16.01.2026 (5 days)", "12.01.2026", "16.01.2026", "5 days"},
		{"From 12/01/2026 to 16/01/2026", "12/01/2026", "16/01/2026", ""},
		{"12-01-2026 - 16-01-2026", "12-01-2026", "16-01-2026", ""},
		{"12 Jan 2026 – 16 Jan 2026, 5 days", "12 jan 2026", "16 jan 2026", "5"},
		{"12.01.2026", "12.01.2026", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			from, to, days := splitDuration(tt.in)
			if from != tt.from || to != tt.to || days != tt.days {
				t.Errorf("splitDuration(%q) = %q, %q, %q; want %q, %q, %q", tt.in, from, to, days, tt.from, tt.to, tt.days)
			}
		})
	}
}

func TestSerialDate(t *testing.T) {
	jan12 := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, raw, formatted string
		want                 time.Time
		ok                   bool
	}{
		{"built-in short date", "46034", "01-12-26", jan12, true},
		{"day first", "46034", "12.01.2026", jan12, true},
		{"month name", "46034", "12-Jan-2026", jan12, true},
		{"general number", "46034", "46034", time.Time{}, false},
		{"grouped number", "46034", "46,034", time.Time{}, false},
		{"currency", "46034", "₹ 46,034.00", time.Time{}, false},
		{"text date", "12.01.2026", "12.01.2026", jan12, true},
		{"text", "soon", "soon", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := serialDate(nil, tt.raw, tt.formatted)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("serialDate(%q, %q) = %v, %v; want %v, %v", tt.raw, tt.formatted, got, ok, tt.want, tt.ok)
			}
		})
	}
}
