package contact

import "strings"

// cyrillic maps lower-case Cyrillic letters to Latin, following the common
// passport-style romanisation (Сергей → sergei, Щукин → shchukin).
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu",
	'я': "ia", 'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g", 'ў': "u",
}

// Translit folds s (see Fold) and writes Cyrillic letters in Latin, so that
// "Сергей Иванов" and "Sergei Ivanov" compare equal.
func Translit(s string) string {
	f := Fold(s)
	ascii := true
	for i := 0; i < len(f); i++ {
		if f[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return f
	}
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if l, ok := cyrillic[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
