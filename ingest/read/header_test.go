package read

import (
	"testing"
	"time"
)

func TestVocab_Match(t *testing.T) {
	tests := []struct {
		set    *vocab
		header string
		want   string
	}{
		{participantVocab, "Sl.No", "serial"},
		{participantVocab, "Name of the participant", "name"},
		{participantVocab, "PEN No.", "pen"},
		{participantVocab, "Class (I–IV)", "class"},
		{participantVocab, "Office / Headquarters", "office"},
		{participantVocab, "Dist. (km)", "distance"},
		{participantVocab, "Distance from HQ", "distance"},
		{participantVocab, "Distance from headquarters (km)", "distance"},
		{participantVocab, "Mode (Train / Bus / Auto / Own / Taxi)", "mode"},
		{participantVocab, "Eligible fare", "eligible_fare"},
		{participantVocab, "Eligible fare (sleeper class or Fast Passenger + incidentals, to and fro)", "eligible_fare"},
		{participantVocab, "Fare claimed (to & fro)", "fare_claimed"},
		{participantVocab, "Auto km", "auto_km"},
		{participantVocab, "Auto km (single journey)", "auto_km"},
		{participantVocab, "Auto fare", "auto_fare"},
		{participantVocab, "Days attended", "days_attended"},
		{participantVocab, "No. of days attended", "days_attended"},
		{participantVocab, "Days absent (no valid reason)", "days_absent"},
		{participantVocab, "Full DA rate", "full_da_rate"},
		{participantVocab, "DA claimed", "da_claimed"},
		{participantVocab, "DA", "da_claimed"},
		{participantVocab, "Total", "total"},
		{participantVocab, "Total (Rs.)", "total"},
		{participantVocab, "Account No.", "account"},
		{participantVocab, "A/c No.", "account"},
		{participantVocab, "IFSC", "ifsc"},
		{participantVocab, "IFSC Code", "ifsc"},
		{participantVocab, "Remarks", ""},
		{participantVocab, "Signature", ""},
		{participantVocab, "Dates", ""},
		{facultyVocab, "Name", "name"},
		{facultyVocab, "Government employee (Y/N)", "govt"},
		{facultyVocab, "Local (Y/N)", "local"},
		{facultyVocab, "Sessions taken", "sessions"},
		{facultyVocab, "No. of sessions", "sessions"},
		{facultyVocab, "Days engaged", "days"},
		{facultyVocab, "Distance (km)", "distance"},
		{facultyVocab, "Mode", "mode"},
		{facultyVocab, "Remuneration claimed", "remuneration"},
		{facultyVocab, "Conveyance claimed", "conveyance"},
		{facultyVocab, "Travel claimed", "travel"},
		{settlementVocab, "9. Remuneration to Guest Faculty", "gf_remuneration"},
		{settlementVocab, "TA/DA to Guest Faculty", "gf_ta"},
		{settlementVocab, "Co-ordination fee", "coordination_fee"},
		{settlementVocab, "Food & Refreshments", "food"},
		{settlementVocab, "Hiring charges for venue and training equipments", "venue_hire"},
		{settlementVocab, "TA advance for participants", "ta_advance"},
		{settlementVocab, "TA to participants", "ta_advance"},
		{settlementVocab, "DA", "da_advance"},
		{settlementVocab, "19. DA advance", "da_advance"},
		{settlementVocab, "Other expenses", "other_expenses"},
		{settlementVocab, "Total (Sl.No.9 to 16)", ""},
		{settlementVocab, "No. of participants", "participants"},
		{settlementVocab, "Participants availing accommodation", "accommodated"},
		{settlementVocab, "Number of Guest Faculty", "guest_faculty"},
		{settlementVocab, "Outstation non-government guest faculty", "outstation_guest_faculty"},
		{settlementVocab, "Number of sessions allotted to Guest Faculty", "guest_sessions"},
		{settlementVocab, "Place & Venue", "venue"},
		{settlementVocab, "Venue Govt-owned", "venue_govt_owned"},
		{settlementVocab, "Advance received (Rs.)", "advance_received"},
		{settlementVocab, "Advance received on", "advance_date"},
		{settlementVocab, "Date of settlement", "settled_on"},
		{settlementVocab, "Attendance Register", "item1"},
		{settlementVocab, "Final list of participants", "item2"},
		{settlementVocab, "Final programme schedule", "item3"},
		{settlementVocab, "Attendance of Guest Faculty", "item4"},
		{settlementVocab, "Summary report and consolidated evaluation", "item5"},
		{settlementVocab, "Bio-data form", "item6"},
		{settlementVocab, "Utilization Certificate along with vouchers and statement of account", "item7"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := tt.set.match(cleanLabel(tt.header)); got != tt.want {
				t.Errorf("match(%q) = %q, want %q", tt.header, got, tt.want)
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
		{"date and time", "46034.395833333336", "12/01/2026 09:30", jan12, true},
		{"date and time at midnight", "46034", "12.01.2026 00:00:00", jan12, true},
		{"date and time, month name", "46034", "12-Jan-26 9:30", jan12, true},
		{"date and time, ISO", "46034", "2026-01-12T00:00:00", jan12, true},
		{"time alone", "0.395833333", "09:30", time.Time{}, false},
		{"text date and time", "12.01.2026 10:30 AM", "12.01.2026 10:30 AM", jan12, true},
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
