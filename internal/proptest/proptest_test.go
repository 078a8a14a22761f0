package proptest

import "testing"

func TestCases(t *testing.T) {
	want := 2
	switch {
	case testing.Short():
		want = 3
	case full:
		want = 1
	}
	if got := Cases(1, 2, 3); got != want {
		t.Errorf("Cases(1, 2, 3) = %d, want %d (short %v, integration %v)", got, want, testing.Short(), full)
	}
}
