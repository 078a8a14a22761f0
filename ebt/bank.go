package ebt

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed banks.txt
var banksText string

// banks maps an IFSC's first four letters to the bank's name.
var banks = sync.OnceValue(func() map[string]string {
	m, err := parseBanks(banksText)
	if err != nil {
		panic(err) // the embedded table is checked by the tests
	}
	return m
})

func parseBanks(text string) (map[string]string, error) {
	m := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, name, ok := strings.Cut(line, " ")
		name = strings.TrimSpace(name)
		if !ok || len(code) != 4 || strings.ToUpper(code) != code || name == "" {
			return nil, fmt.Errorf("ebt: banks.txt line %d: want a four-letter code in capitals, a space and the bank's name", i+1)
		}
		if _, dup := m[code]; dup {
			return nil, fmt.Errorf("ebt: banks.txt line %d: %s is listed twice", i+1, code)
		}
		m[code] = name
	}
	return m, nil
}

// BankOf names the bank of an IFSC by its first four letters; "" when the
// table does not know them.
func BankOf(ifsc string) string {
	ifsc = strings.ToUpper(strings.TrimSpace(ifsc))
	if len(ifsc) < 4 {
		return ""
	}
	return banks()[ifsc[:4]]
}
