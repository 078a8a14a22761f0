package validate

import "strings"

// The bank details TA-BANK and AII-ACCOUNT check, for the e-BT lists
// (package ebt), which pay only to details these accept.

// AccountDigits is an account number as a bank takes it: the spaces and
// hyphens people write inside it ("6789 0123 4567") removed.
func AccountDigits(s string) string { return accountDigits(s) }

// ValidAccount reports whether s is an account number TA-BANK accepts:
// 9 to 18 digits once spaces and hyphens are removed.
func ValidAccount(s string) bool { return validRowAccount(s) }

// IFSC is an IFSC as a bank takes it: trimmed, in capitals.
func IFSC(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidIFSC reports whether s is an IFSC TA-BANK accepts: four letters, a
// zero, six letters or digits (case and surrounding spaces forgiven).
func ValidIFSC(s string) bool { return validIFSC(s) }
