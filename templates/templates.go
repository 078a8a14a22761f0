package templates

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"stpclaims"
	"stpclaims/validate"
)

// ErrUnknownKind is returned for a form the package has no template of.
var ErrUnknownKind = errors.New("templates: no template of that form")

// Kinds are the forms there are templates of, in the order All returns them.
var Kinds = []stpclaims.FormKind{stpclaims.FormAnnexureII, stpclaims.FormTABill, stpclaims.FormSettlement}

// Build returns the blank workbook (.xlsx) of the form kind for card.
func Build(kind stpclaims.FormKind, card *validate.Card) ([]byte, error) {
	switch kind {
	case stpclaims.FormAnnexureII:
		return AnnexureII(card)
	case stpclaims.FormTABill:
		return TABill(card)
	case stpclaims.FormSettlement:
		return Settlement(card)
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownKind, kind)
}

// FileName is the file name a template of kind is handed out under:
// "annexure2-template.xlsx", "ta-bill-template.xlsx",
// "settlement-template.xlsx".
func FileName(kind stpclaims.FormKind) string { return string(kind) + "-template.xlsx" }

// All returns the three templates for card as mail attachments, in the
// order of Kinds.
func All(card *validate.Card) ([]stpclaims.Attachment, error) {
	out := make([]stpclaims.Attachment, 0, len(Kinds))
	for _, k := range Kinds {
		data, err := Build(k, card)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", k, err)
		}
		out = append(out, stpclaims.Attachment{Name: FileName(k), ContentType: stpclaims.ContentTypeXLSX, Data: data})
	}
	return out, nil
}

// WriteAll writes the three templates for card into dir (created if need
// be), each atomically (a temporary file renamed into place), and returns
// their paths.
func WriteAll(dir string, card *validate.Card) ([]string, error) {
	atts, err := All(card)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	var paths []string
	for _, a := range atts {
		p := filepath.Join(dir, a.Name)
		if err := writeAtomic(p, a.Data); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, 0o644)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("templates: writing %s: %w", path, err)
	}
	return nil
}
