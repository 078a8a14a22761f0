// Package seal proves that a workbook stpclaims hands out to be returned
// with decisions (a facilitator's review workbook, the Finance Division's
// Sanctions workbook and e-BT list workbooks) comes back as stpclaims made
// it where only stpclaims writes. The writer signs the workbook's protected cells with a key kept
// in the store (HMAC-SHA256) and writes the token in the workbook's very
// hidden marker sheet; the reader signs the cells it reads again and
// compares, in constant time. A workbook made by hand, or one whose hidden
// identifiers, amounts shown or marker cells were changed, does not verify;
// the cells a person fills (a Decision, Remarks, a recommendation, a
// sanction, the day a list was uploaded) are left out, so filling them
// never breaks the token.
//
// What is signed is the workbook's kind (Layout.Name), the marker cells the
// layout names, and, for each sheet the layout names, the protected columns
// of every row, each cell in a canonical form (an id as an integer, an
// amount to the paisa, text trimmed) so that LibreOffice saving the
// workbook, which rewrites every number and string, changes nothing signed.
// The rows are signed as a set: sorting or filtering a sheet keeps the
// token; adding, removing or duplicating a row breaks it. Columns are found
// by their header, as the readers find them (Index), so a column moved or
// a person's own column added keeps the token too.
//
// It knows no spreadsheet library: the writer gives the cells it wrote,
// the reader the cells it read, as text. It does not keep the key: the
// store does (one made at its first start, carried by its backups), and a
// Key never prints itself.
package seal

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinel errors.
var (
	// ErrForged: the token does not verify (or there is none). Its text
	// is the reason a person is given.
	ErrForged = errors.New("this workbook was not made by stpclaims or was changed where only stpclaims writes")
	// ErrNoKey: a Key too short to sign with (the zero Key).
	ErrNoKey = errors.New("seal: no key")
)

// KeySize is the size of the key the store makes.
const KeySize = 32

// Key is the secret the workbooks are signed with. It never prints itself:
// String, GoString, Format and LogValue show "[redacted]".
type Key struct{ b []byte }

// NewKey makes a Key of b (at least KeySize bytes), copied.
func NewKey(b []byte) (Key, error) {
	if len(b) < KeySize {
		return Key{}, fmt.Errorf("%w: %d bytes, want at least %d", ErrNoKey, len(b), KeySize)
	}
	return Key{b: slices.Clone(b)}, nil
}

// Valid says whether k can sign.
func (k Key) Valid() bool { return len(k.b) >= KeySize }

const redacted = "[redacted]"

// String is "[redacted]".
func (Key) String() string { return redacted }

// GoString is "[redacted]".
func (Key) GoString() string { return redacted }

// Format prints "[redacted]" whatever the verb.
func (Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue is "[redacted]".
func (Key) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText is "[redacted]": a Key never reaches JSON or a log either.
func (Key) MarshalText() ([]byte, error) { return []byte(redacted), nil }

var (
	_ fmt.Stringer   = Key{}
	_ fmt.GoStringer = Key{}
	_ fmt.Formatter  = Key{}
	_ slog.LogValuer = Key{}
)

// Kind is how a protected cell is put in canonical form before signing.
type Kind byte

const (
	// Text is signed trimmed, with line ends as "\n".
	Text Kind = 't'
	// ID is an integer (as a number cell or as text: "12", "12.0").
	ID Kind = 'i'
	// Money is an amount in rupees, signed to the paisa ("4500.5" and
	// "4500.50" are one amount).
	Money Kind = 'm'
)

// Column is a protected column, found by its header.
type Column struct {
	Header string
	Kind   Kind
}

// Sheet is a sheet with protected columns.
type Sheet struct {
	Name    string
	Columns []Column
}

// Layout is what one kind of workbook signs.
type Layout struct {
	// Name tells one kind of workbook from another: a token made for one
	// never verifies another.
	Name string
	// Marker are the marker sheet's protected cells, in order (the
	// facilitator the workbook was made for, when it was made).
	Marker []string
	// Token is the marker sheet's cell the token is written in.
	Token  string
	Sheets []Sheet
}

// Table is a sheet's cells as text: its header row and the rows under it
// (raw values: a number as its digits, not as shown).
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]string
}

// Index is where each header is in a header row, trimmed; of two cells
// with the same header, the last counts. The readers find their columns
// with it, so that what they read is what was verified.
func Index(header []string) map[string]int {
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	return col
}

// tokenPrefix is the token's version: a later way of signing takes
// another.
const tokenPrefix = "1:"

// Sign is the token of a workbook of layout l whose marker sheet holds
// marker (cell → value) and whose sheets hold tables.
func (k Key) Sign(l Layout, marker map[string]string, tables []Table) (string, error) {
	mac, err := k.sum(l, marker, tables)
	if err != nil {
		return "", err
	}
	return tokenPrefix + hex.EncodeToString(mac), nil
}

// Verify checks the token read from a returned workbook against its
// cells; it returns ErrForged (wrapped, saying what failed, for the log)
// when they do not agree.
func (k Key) Verify(l Layout, marker map[string]string, tables []Table, token string) error {
	want, err := k.sum(l, marker, tables)
	if err != nil {
		return err
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return fmt.Errorf("%w (it carries no token)", ErrForged)
	}
	got, err := hex.DecodeString(strings.TrimPrefix(token, tokenPrefix))
	if err != nil || !strings.HasPrefix(token, tokenPrefix) {
		return fmt.Errorf("%w (its token is not one stpclaims writes)", ErrForged)
	}
	if !hmac.Equal(got, want) {
		return fmt.Errorf("%w (its token does not match its cells)", ErrForged)
	}
	return nil
}

// sum is the HMAC-SHA256 of the canonical form of what l protects. Every
// part is written with its length first, so no two different workbooks
// give the same bytes.
func (k Key) sum(l Layout, marker map[string]string, tables []Table) ([]byte, error) {
	if !k.Valid() {
		return nil, ErrNoKey
	}
	var b []byte
	b = field(b, l.Name)
	b = binary.AppendUvarint(b, uint64(len(l.Marker)))
	for _, cell := range l.Marker {
		b = field(b, cell)
		b = field(b, canonical(Text, marker[cell]))
	}
	b = binary.AppendUvarint(b, uint64(len(l.Sheets)))
	for _, s := range l.Sheets {
		b = field(b, s.Name)
		b = binary.AppendUvarint(b, uint64(len(s.Columns)))
		for _, c := range s.Columns {
			b = field(b, c.Header)
			b = append(b, byte(c.Kind))
		}
		rows := sheetRows(s, tables)
		b = binary.AppendUvarint(b, uint64(len(rows)))
		for _, r := range rows {
			b = field(b, string(r))
		}
	}
	h := hmac.New(sha256.New, k.b)
	h.Write(b)
	return h.Sum(nil), nil
}

// sheetRows are the canonical forms of the protected cells of each row of
// sheet s (a row whose protected cells are all empty is no row), sorted.
func sheetRows(s Sheet, tables []Table) [][]byte {
	i := slices.IndexFunc(tables, func(t Table) bool { return t.Sheet == s.Name })
	if i < 0 {
		return nil
	}
	t := tables[i]
	col := Index(t.Header)
	var rows [][]byte
	for _, row := range t.Rows {
		var r []byte
		empty := true
		for _, c := range s.Columns {
			v := ""
			if j, ok := col[c.Header]; ok && j < len(row) {
				v = canonical(c.Kind, row[j])
			}
			empty = empty && v == ""
			r = field(r, v)
		}
		if !empty {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, bytes.Compare)
	return rows
}

func field(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// canonical is a cell's text in the form it is signed in: what a number
// cell holds and the same number typed as text agree, and so do the
// digits excelize and LibreOffice write for one amount. Text that is not
// of the kind is signed as it is (trimmed), and so never matches a
// number.
func canonical(k Kind, s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return ""
	}
	switch k {
	case ID:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
		if d, err := decimal.NewFromString(s); err == nil && d.IsInteger() {
			return d.String()
		}
	case Money:
		if d, err := decimal.NewFromString(s); err == nil {
			return d.Round(2).StringFixed(2)
		}
	}
	return s
}
