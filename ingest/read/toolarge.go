package read

import "stpclaims"

// TooLarge is the answer for a file over lim.MaxFileBytes, from its size
// alone: the caller need not (and should not) read such a file whole. A
// size of MaxFileBytes+1 or less means "more than the limit, exactly how
// much unknown" (a file read through a LimitReader that overflowed, a
// device with no size).
func TooLarge(size int64, lim Limits) *stpclaims.Rejection {
	lim = lim.withDefaults()
	if size <= lim.MaxFileBytes+1 {
		return reject(stpclaims.FormUnknown, "the file is larger than the %s a claim workbook may be: remove pictures and unused sheets, %s", sizeText(lim.MaxFileBytes), sendXLSX)
	}
	return reject(stpclaims.FormUnknown, "the file is %s, more than the %s a claim workbook may be: remove pictures and unused sheets, %s", sizeText(size), sizeText(lim.MaxFileBytes), sendXLSX)
}
