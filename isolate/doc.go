// Package isolate runs the check of a workbook in a child process, so that
// nothing a sender sends can take the daemon down.
//
// A Pool keeps Config.Workers long-lived children of the same binary (the
// hidden subcommand ChildCommand, which calls ServeChild), started on first
// use and started again after one dies. Each child is given the rate cards
// and limits once, then one submission at a time on its stdin (in gob, the
// file's bytes raw beside the message, so that no gob buffer holds a copy
// of them); it answers on its stdout with what process.Checker.Check gives
// (the report, its JSON, the annotated copy, a TA bill's rows, the note),
// in gob. While a
// check runs the child may ask the parent for a programme's history (the
// events its register is folded from, package ledger) and for a conversion
// of an .ods or .xls: the parent answers both, so that the store stays in
// one process and LibreOffice runs once at a time, under its own ceiling
// (package convert).
//
// Two limits are enforced by killing the child: its resident memory, read
// from /proc every few milliseconds (package ceiling), may not pass
// Config.MaxMemory, and one file may not take longer than Config.Timeout.
// The file whose child was killed is answered rejected-unreadable in plain
// words (it needs more memory, or more time, to open than a claim form ever
// does: save it again as a plain .xlsx). The child is also given a
// GOMEMLIMIT below the ceiling, so that its collector works harder before
// honest work (a large TA bill) comes near the kill.
//
// A child that dies of anything else (a crash of the runtime, a signal from
// outside) makes Check return an error wrapping ErrWorkerDied: the file may
// be offered again, and the caller decides when a file that keeps killing
// its worker is to be answered as unreadable. A child whose memory stays
// high after a check is replaced before the next, so leaks do not pile up.
// Each child works in its own temporary directory (package scratch),
// emptied after every check and removed when the child is gone.
//
// The Pool has the method set of *process.Checker that callers use (Check,
// TooLarge, Rejected), so the daemon and `stpclaims check` take either; the
// in-process Checker stays for `check --in-process`, tests and benchmarks.
// The package knows nothing of rules, mail or the store beyond the two
// questions it carries.
package isolate
