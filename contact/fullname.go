package contact

import "strings"

// SplitFullName splits "First Middle Last", "Last, First" and Russian
// "Фамилия Имя Отчество" (recognised by the patronymic).
func SplitFullName(s string) (first, middle, last string) {
	if l, f, ok := strings.Cut(s, ","); ok && strings.TrimSpace(f) != "" {
		first, middle, _ = SplitFullName(strings.TrimSpace(f))
		if middle == "" && strings.Contains(strings.TrimSpace(f), " ") {
			parts := strings.Fields(strings.TrimSpace(f))
			first, middle = parts[0], strings.Join(parts[1:], " ")
		}
		return first, middle, strings.TrimSpace(l)
	}
	t := strings.Fields(s)
	switch len(t) {
	case 0:
		return "", "", ""
	case 1:
		return t[0], "", ""
	case 3:
		if patronymic(t[2]) {
			return t[1], t[2], t[0] // Иванов Сергей Петрович
		}
		if patronymic(t[1]) {
			return t[0], t[1], t[2] // Сергей Петрович Иванов
		}
	}
	return t[0], "", strings.Join(t[1:], " ")
}

func patronymic(w string) bool {
	f := Fold(w)
	for _, suf := range []string{"вич", "вна", "ична", "инична", "vich", "vna", "ichna"} {
		if strings.HasSuffix(f, suf) && len(f) > len(suf)+2 {
			return true
		}
	}
	return false
}
