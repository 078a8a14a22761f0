package read

import (
	"strings"
)

// annexureIILabels maps each normalized label variant to the Annexure II
// field it names (docs/forms.md). "duration" is line 3 as a whole. A variant
// ending in "$" matches only a cell that says exactly that; the others also
// match a label that goes on with guidance text ("photocopy charges course
// materials shall be …").
var annexureIILabels = map[string][]string{
	"department": {"department", "name of department", "name of the department", "department name", "dept$", "administrative department"},
	"venue": {"place and venue", "venue$", "venue of training", "venue of the training", "venue of the programme", "venue of programme",
		"place of training", "place$", "venue and place", "training venue"},
	"programme_code": {"training programme code", "training program code", "programme code", "program code", "course code",
		"stp code", "code of the programme", "code of training programme", "code$"},
	"programme_name": {"name of training programme", "name of the training programme", "name of training program",
		"name of the training program", "name of programme", "name of the programme", "name of program", "programme name",
		"program name", "training programme name", "title of the programme", "title of programme", "title of training programme",
		"title of the training programme", "course name", "name of course", "name of the course", "training programme$", "subject$"},
	"duration": {"duration", "duration of training", "duration of the training", "duration of programme", "duration of the programme",
		"period of training", "period$", "dates$", "training period", "date of training", "dates of training"},
	"start_date": {"from$", "from date", "date from", "start date", "starting date", "date of commencement", "commencement date", "commencing on"},
	"end_date":   {"to$", "to date", "date to", "end date", "ending date", "date of completion", "completion date", "concluding on"},
	"training_days": {"training days", "no of training days", "number of training days", "no of days", "number of days", "days$",
		"total training days", "no of days of training"},
	"participants": {"no of participants", "number of participants", "participants$", "total participants", "no of trainees",
		"number of trainees", "total no of participants", "participants number", "no participants", "nos of participants"},
	"accommodated": {"participants availing accommodation", "no of participants availing accommodation",
		"number of participants availing accommodation", "participants accommodated", "accommodated", "no of participants accommodated",
		"participants requiring accommodation"},
	"guest_faculty": {"number of guest faculty", "no of guest faculty", "guest faculty$", "no of guest faculties", "number of guest faculties",
		"nos of guest faculty"},
	"outstation_guest_faculty": {"outstation non government guest faculty", "outstation non govt guest faculty", "outstation guest faculty",
		"no of outstation guest faculty", "number of outstation guest faculty", "outstation non government guest faculties"},
	"guest_sessions": {"number of sessions allotted to guest faculty", "no of sessions allotted to guest faculty",
		"sessions allotted to guest faculty", "no of sessions", "number of sessions", "no of guest faculty sessions",
		"number of guest faculty sessions", "guest faculty sessions", "guest sessions", "sessions$"},
	"officer_class": {"class of officers attending the training", "class of officers", "category of officers", "class of participants",
		"class of officers attending", "category of participants", "class$"},
	"programme_type": {"type of training programme", "type of training program", "type of programme", "type of the programme",
		"type of training", "programme type", "level of programme", "level of training", "type$"},
	"venue_govt_owned": {"venue govt owned", "venue government owned", "govt owned venue", "government owned venue",
		"whether venue is govt owned", "whether venue is government owned", "venue owned by government", "venue owned by govt",
		"govt venue", "government venue"},
	"gf_remuneration": {"remuneration to guest faculty", "remuneration to the guest faculty", "guest faculty remuneration",
		"remuneration of guest faculty", "remuneration$"},
	"gf_ta": {"ta da to guest faculty", "ta to guest faculty", "ta and da to guest faculty", "travel allowance to guest faculty",
		"ta da of guest faculty", "ta da guest faculty", "guest faculty ta", "guest faculty ta da"},
	"coordination_fee": {"co ordination fee", "coordination fee", "co ordinator fee", "coordinator fee", "co ordination charges",
		"coordination charges", "co ordinators fee", "coordinators fee"},
	"stationery": {"stationery", "stationary"},
	"photocopy":  {"photocopy charges", "photocopy", "photocopying", "photo copy", "photostat"},
	"food":       {"food and refreshments", "food and refreshment", "food$", "refreshments", "food charges", "food expenses"},
	"venue_hire": {"hiring charges for venue and training equipments", "hiring charges for venue and training equipment",
		"hiring charges for venue", "hiring charges", "hire charges", "venue hire", "venue hiring charges", "hire of venue",
		"hall rent", "venue charges", "venue and equipment hire", "rent for venue"},
	"miscellaneous":  {"miscellaneous", "misc$", "misc expenses", "miscellaneous expenses"},
	"subtotal":       {"total sl no 9 to 16", "total slno 9 to 16", "total 9 to 16", "total of 9 to 16", "total of sl no 9 to 16", "sub total", "subtotal", "total$"},
	"ta_advance":     {"ta advance for participants", "ta advance", "ta advance to participants", "travel advance for participants", "ta for participants"},
	"da_advance":     {"da advance", "da advance for participants", "daily allowance advance", "da for participants"},
	"other_expenses": {"other expenses", "other expense", "others$", "other charges"},
	"advance_claimed": {"advance claimed", "advance amount claimed", "amount of advance claimed", "total advance claimed",
		"advance requested", "amount claimed as advance", "advance required", "advance amount", "amount of advance", "advance claimed rounded"},
	"coordinator": {"name designation and address of the co ordinator", "name designation and address of co ordinator",
		"name designation and address of the coordinator", "name designation and address of coordinator",
		"name and designation of co ordinator", "name and designation of the co ordinator", "name of co ordinator",
		"name of the co ordinator", "name of coordinator", "name of the coordinator", "co ordinator$", "coordinator$",
		"course co ordinator", "course coordinator", "programme co ordinator", "programme coordinator"},
	"coordinator_designation": {"designation of co ordinator", "designation of the co ordinator", "designation of coordinator", "designation$"},
	"coordinator_phone": {"phone$", "phone no", "phone number", "mobile", "mobile no", "mobile number", "contact no", "contact number",
		"phone no of co ordinator", "mobile no of co ordinator", "telephone"},
	"coordinator_email": {"e mail$", "email$", "e mail id", "email id", "e mail of co ordinator", "email of co ordinator",
		"e mail id of co ordinator", "email of coordinator"},
	"account_no": {"account no of co ordinator", "account no of the co ordinator", "account no of coordinator", "account no",
		"account number", "bank account no", "bank account number", "a c no", "sb account no", "sb a c no", "bank a c no", "account no and ifsc"},
	"ifsc": {"ifsc", "ifsc code", "ifs code"},
	"facilitator": {"facilitator", "name of facilitator", "name of the facilitator", "facilitator name", "recommended by facilitator",
		"name and designation of facilitator"},
	"facilitator_email": {"facilitator e mail", "facilitator email", "e mail of facilitator", "email of facilitator",
		"e mail id of facilitator", "email id of facilitator"},
}

// labelVariant is one way of writing a field's label.
type labelVariant struct {
	field string
	exact bool
}

// labelTable is annexureIILabels keyed by variant, built once.
var labelTable, labelMaxWords = buildLabelTable()

func buildLabelTable() (map[string]labelVariant, int) {
	t := make(map[string]labelVariant)
	maxWords := 0
	for field, variants := range annexureIILabels {
		for _, v := range variants {
			exact := strings.HasSuffix(v, "$")
			v = strings.TrimSuffix(v, "$")
			t[v] = labelVariant{field: field, exact: exact}
			maxWords = max(maxWords, strings.Count(v, " ")+1)
		}
	}
	return t, maxWords
}

// matchLabel returns the field a normalized label names, by its longest
// matching variant, and whether the whole label is the variant.
func matchLabel(norm string) (field string, exact bool) {
	if norm == "" {
		return "", false
	}
	if v, ok := labelTable[norm]; ok {
		return v.field, true
	}
	// try the label's leading words, longest first
	ends := make([]int, 0, labelMaxWords)
	for i := 0; i < len(norm) && len(ends) < labelMaxWords; i++ {
		if norm[i] == ' ' {
			ends = append(ends, i)
		}
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if v, ok := labelTable[norm[:ends[k]]]; ok && !v.exact {
			return v.field, false
		}
	}
	return "", false
}

// proformaHints are the proforma's guidance column as printed in the 2015
// order (normalized); a cell saying one of these is no value.
var proformaHints = map[string]bool{
	"from to training days":     true,
	"zonal district state":      true,
	"zonal district or state":   true,
	"category rate":             true,
	"as per category rate":      true,
	"x no of participants":      true,
	"actual":                    true,
	"actual ta":                 true,
	"per session of 90 minutes": true,
}

// isHint reports whether a cell holds guidance printed on the proforma (the
// hint column, "Rs.750 x No. of Guest Faculty…", "From.....to.....") rather
// than a value.
func isHint(raw, norm string) bool {
	if strings.Contains(raw, "...") || strings.Contains(raw, "…") {
		return true
	}
	if proformaHints[norm] {
		return true
	}
	return strings.Contains(norm, "x no of") || strings.Contains(norm, "x training days") ||
		strings.HasPrefix(norm, "maximum 75") || strings.HasPrefix(norm, "max 75") ||
		strings.Contains(norm, "per session of 90") || strings.Contains(norm, "x no of participants x")
}

// isLimitHeader reports whether a header cell names a column of computed
// limits, as the program's templates have beside the amounts: "Limit",
// "Limit (Rs.)".
func isLimitHeader(raw string) bool {
	n := normalizeLabel(raw)
	return n == "limit" || strings.HasPrefix(n, "limit ")
}

// isAmountHeader reports whether a header cell names the amount column:
// "Amount", "Amount (Rs.)", "Amount in ₹", "Rs.", "₹".
func isAmountHeader(raw string) bool {
	t := strings.ToLower(strings.TrimSpace(raw))
	if t == "₹" || strings.Trim(t, ". ()") == "rs" || strings.Trim(t, ". ()") == "in rs" {
		return true
	}
	switch normalizeLabel(raw) {
	case "amount", "amount in", "amount in rupees", "amount rupees", "amount claimed", "amount required", "amount requested", "rupees":
		return true
	}
	return false
}
