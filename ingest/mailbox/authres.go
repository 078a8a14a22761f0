package mailbox

import (
	"fmt"
	"strings"

	"github.com/emersion/go-msgauth/authres"
	"golang.org/x/net/publicsuffix"
)

// authVerdict decides, from the Authentication-Results header fields of a
// mail (top first) and its From address, whether the receiving server
// authenticated the sender. Only the topmost field of servID counts (RFC
// 8601 §5: the receiving server adds its own at the top, and fields of
// other ids, or of this id further down, may come from anyone). The sender
// is authenticated when that field shows dmarc=pass (for the From domain,
// when it names one), or dkim=pass for a signing domain aligned with the
// From domain (relaxed alignment: the same organisational domain). reason
// says why not, or what passed.
func authVerdict(fields []string, servID, from string) (ok bool, reason string) {
	fromDomain := domainOf(from)
	if fromDomain == "" {
		return false, "no From domain to authenticate"
	}
	for _, f := range fields {
		id, results, err := authres.Parse(stripComments(f))
		if !strings.EqualFold(id, servID) {
			continue
		}
		if err != nil {
			return false, fmt.Sprintf("Authentication-Results of %s unreadable: %v", servID, err)
		}
		return judge(results, fromDomain)
	}
	return false, "no Authentication-Results header of " + servID
}

// judge reads the results of the receiving server's own field.
func judge(results []authres.Result, fromDomain string) (bool, string) {
	var seen []string
	for _, r := range results {
		if d, ok := r.(*authres.DMARCResult); ok {
			if d.Value == authres.ResultPass && (d.From == "" || strings.EqualFold(unquote(d.From), fromDomain)) {
				return true, "dmarc=pass"
			}
			seen = append(seen, fmt.Sprintf("dmarc=%s", d.Value))
		}
	}
	for _, r := range results {
		d, ok := r.(*authres.DKIMResult)
		if !ok {
			continue
		}
		signer := strings.ToLower(unquote(d.Domain))
		if signer == "" {
			signer = domainOf(unquote(d.Identifier))
		}
		if d.Value == authres.ResultPass && aligned(signer, fromDomain) {
			return true, "dkim=pass header.d=" + signer
		}
		if d.Value == authres.ResultPass {
			seen = append(seen, fmt.Sprintf("dkim=pass for %s, not aligned with the From domain %s", signer, fromDomain))
			continue
		}
		seen = append(seen, fmt.Sprintf("dkim=%s", d.Value))
	}
	if len(seen) == 0 {
		return false, "neither dmarc nor dkim in the server's Authentication-Results"
	}
	return false, strings.Join(seen, "; ")
}

// aligned reports relaxed DMARC alignment (RFC 7489 §3.1.1): both domains
// have the same organisational domain (public suffix plus one label).
func aligned(signer, from string) bool {
	if signer == "" || from == "" {
		return false
	}
	if strings.EqualFold(signer, from) {
		return true
	}
	a, err1 := publicsuffix.EffectiveTLDPlusOne(signer)
	b, err2 := publicsuffix.EffectiveTLDPlusOne(from)
	return err1 == nil && err2 == nil && strings.EqualFold(a, b)
}

// domainOf returns the lower-case domain of an address ("" without one).
func domainOf(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || at == len(addr)-1 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(addr[at+1:]))
}

func unquote(s string) string { return strings.Trim(s, `"`) }

// stripComments removes RFC 5322 comments ("(2048-bit key; unprotected)",
// nested, with quoted-pairs) from a header value, leaving quoted strings
// alone. go-msgauth's parser splits on every ";", also inside comments,
// and fails on the fields OpenDKIM writes (emersion/go-msgauth#74).
func stripComments(v string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && (depth > 0 || quoted):
			if depth == 0 && i+1 < len(v) {
				b.WriteByte(c)
				b.WriteByte(v[i+1])
			}
			i++
		case depth > 0 && c == '(':
			depth++
		case depth > 0 && c == ')':
			depth--
			if depth == 0 {
				b.WriteByte(' ')
			}
		case depth > 0:
		case c == '"':
			quoted = !quoted
			b.WriteByte(c)
		case c == '(' && !quoted:
			depth = 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
