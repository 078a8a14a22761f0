package malayalam

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"മുതൽ", "മുതല്"},              // atomic chillu
		{"മുതല്\u200d", "മുതല്"},       // chillu as virama + ZWJ
		{"വകുപ്പിൻ്റെ", "വകുപ്പിന്റെ"}, // chillu with its own virama
		{"കൊ", "കൊ"},                   // two-part vowel sign, composed
		{"ക\u0D46\u0D3E", "കൊ"},        // and decomposed
		{"അക്കൌണ്ട്", "അക്കൗണ്ട്"},     // old au mark
		{"൧൨,൫൦൦", "12,500"},           // Malayalam digits
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIs(t *testing.T) {
	for r, want := range map[rune]bool{'ക': true, '്': true, '൧': true, 'k': false, '॥': false} {
		if Is(r) != want {
			t.Errorf("Is(%q) = %v", r, !want)
		}
	}
}
