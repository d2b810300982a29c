package ui

import (
	"strings"
	"testing"

	"rolo/contact"
)

// openCard opens the card of the table's first contact.
func openCard(t *testing.T, m *Model) *cardModel {
	t.Helper()
	press(t, m, "enter")
	c, ok := m.active().(*cardModel)
	if !ok || !c.loaded {
		t.Fatalf("active is %T, want a loaded card", m.active())
	}
	return c
}

// focusField moves the card's cursor to the line editing field.
func focusField(t *testing.T, m *Model, c *cardModel, field string, nth int) {
	t.Helper()
	for i, it := range c.items {
		if it.field == field && (it.kind != itemListVal || it.index == nth) {
			c.cursor = i
			c.clamp()
			return
		}
	}
	t.Fatalf("the card has no line for %s", field)
}

func TestCardShowsEverything(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 120, 40)
	id := m.table.focusedID()
	c := reload(t, st, id)
	card := openCard(t, m)
	text := cardText(card.items)
	want := []string{c.FullName(), "Identity", "Channels", "Address", "Custom fields", "Consents", "History", "Created by"}
	// Sections with no value are not copied.
	if len(c.Groups) > 0 {
		want = append(want, "Groups")
	}
	if len(c.Tags) > 0 {
		want = append(want, "Tags")
	}
	for _, p := range c.Phones {
		kind, country := contact.PhoneInfo(p.Number)
		want = append(want, contact.FormatPhone(p.Number), kind, countryName(country))
	}
	want = append(want, c.Emails...)
	for _, k := range c.Consents {
		want = append(want, k.Name)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the card lacks %q:\n%s", w, text)
		}
	}
	mustContain(t, screenText(m), c.FullName(), "Identity")
}

func TestCardEditValidatesAndSaves(t *testing.T) {
	st := testStore(t, 30)
	m := newTestModel(t, st, 80, 24)
	id := m.table.focusedID()
	card := openCard(t, m)

	// An invalid e-mail is refused with the reason and nothing is saved.
	focusField(t, m, card, "emails", 0)
	before := reload(t, st, id)
	press(t, m, "e", "ctrl+u", "not-an-email", "enter")
	if !card.editing || card.editErr == "" {
		t.Fatalf("an invalid e-mail should keep the edit open with a reason; editing %v err %q", card.editing, card.editErr)
	}
	mustContain(t, screenText(m), "✗")
	if got := reload(t, st, id); got.PrimaryEmail() != before.PrimaryEmail() {
		t.Fatalf("a refused value was saved: %s", got.PrimaryEmail())
	}
	press(t, m, "esc")
	if card.editing {
		t.Fatal("esc should cancel the edit")
	}

	// A valid city is saved, written to history, and the table follows.
	focusField(t, m, card, "city", 0)
	press(t, m, "e", "ctrl+u", "Łódź", "enter")
	if card.editing {
		t.Fatalf("the edit is still open: %q", card.editErr)
	}
	got := reload(t, st, id)
	if got.Address.City != "Łódź" {
		t.Fatalf("city is %q, want Łódź", got.Address.City)
	}
	hist, _ := st.History(id)
	if len(hist) == 0 || hist[len(hist)-1].Source != "card" || hist[len(hist)-1].Changes[0].Field != "city" {
		t.Fatalf("history after the edit: %+v", hist)
	}
	if v := m.ix.Value(id, "city"); v != "Łódź" {
		t.Errorf("the index still says %q", v)
	}
	mustContain(t, screenText(m), "saved city")
	if !strings.Contains(cardText(card.items), "city: ") {
		t.Error("the card's history does not show the change")
	}
}

func TestCardInvalidPhoneIsRefusedWithTheReason(t *testing.T) {
	st := testStore(t, 10)
	m := newTestModel(t, st, 120, 40)
	card := openCard(t, m)
	focusField(t, m, card, "phones", 0)
	press(t, m, "a", "+48 12", "enter")
	if !strings.Contains(card.editErr, "invalid phone") {
		t.Fatalf("a short phone should be refused with a reason, got %q", card.editErr)
	}
}

func TestCardToggleConsent(t *testing.T) {
	st := testStore(t, 10)
	m := newTestModel(t, st, 120, 40)
	id := m.table.focusedID()
	card := openCard(t, m)
	// A consent not given yet: giving it moves its line up among the
	// contact's consents, and the cursor must follow it.
	var name string
	for i, it := range card.items {
		if it.kind == itemConsent && it.value == consentNotGiven && i > 0 && card.items[i-1].kind == itemConsent {
			card.cursor, name = i, it.name
			break
		}
	}
	if name == "" {
		t.Fatal("the first contact has no consent left to give after one it has")
	}
	before, _ := reload(t, st, id).Consent(name)
	press(t, m, "space")
	after, ok := reload(t, st, id).Consent(name)
	if !ok || after.Granted == before.Granted || after.Source != "card" || !after.At.Equal(testNow) {
		t.Fatalf("consent %s: before %+v, after %+v", name, before, after)
	}
	hist, _ := st.History(id)
	if len(hist) == 0 || !strings.HasPrefix(hist[len(hist)-1].Changes[0].Field, "consent:") {
		t.Fatalf("the toggle is not in the history: %+v", hist)
	}
	// The cursor stays on the consent toggled (the lines below it grew a
	// history line): space again takes it back.
	if it := card.focused(); it.kind != itemConsent || it.name != name {
		t.Fatalf("after the toggle the cursor is on %+v, not consent %s", it, name)
	}
	press(t, m, "space")
	if again, _ := reload(t, st, id).Consent(name); again.Granted != before.Granted {
		t.Fatalf("space twice left consent %s granted=%v", name, again.Granted)
	}
}

func TestCardAddAndRemoveGroup(t *testing.T) {
	st := testStore(t, 10)
	m := newTestModel(t, st, 120, 40)
	id := m.table.focusedID()
	card := openCard(t, m)
	if len(reload(t, st, id).Groups) > 0 {
		focusField(t, m, card, "groups", 0)
	} else {
		focusField(t, m, card, "groups", -1)
	}
	press(t, m, "+", "Regulars", "enter")
	if c := reload(t, st, id); !strings.Contains(strings.Join(c.Groups, ";"), "Regulars") {
		t.Fatalf("groups after adding: %v", c.Groups)
	}
	i := -1
	for j, it := range card.items {
		if it.field == "groups" && it.copy == "Regulars" {
			i = j
		}
	}
	if i < 0 {
		t.Fatal("the card does not list the new group")
	}
	card.cursor = i
	press(t, m, "d")
	if c := reload(t, st, id); strings.Contains(strings.Join(c.Groups, ";"), "Regulars") {
		t.Fatalf("groups after removing: %v", c.Groups)
	}
}

func TestCardCopy(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	card := openCard(t, m)
	focusField(t, m, card, "phones", 0)
	msgs := press(t, m, "y")
	st, _ := findMsg[statusMsg](msgs)
	if !strings.Contains(st.Text, "copied phones") || !strings.Contains(st.Text, "+") {
		t.Errorf("y on a phone: status %q", st.Text)
	}
	msgs = press(t, m, "Y")
	st, _ = findMsg[statusMsg](msgs)
	if !strings.Contains(st.Text, "copied card of") {
		t.Errorf("Y: status %q", st.Text)
	}
}

func TestCardReadOnly(t *testing.T) {
	st := testStore(t, 5)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 80, 24)
	card := openCard(t, m)
	focusField(t, m, card, "city", 0)
	press(t, m, "e")
	if card.editing {
		t.Fatal("a read-only card opened an edit")
	}
	if strings.Contains(screenText(m), "edit") {
		t.Errorf("the help bar offers editing on a read-only store:\n%s", screenText(m))
	}
}

// Y copies the fields that have a value, under the headings of the
// sections that have one: no empty labels.
func TestCardTextCopiesOnlyFieldsWithAValue(t *testing.T) {
	c := &contact.Contact{ID: 7, FirstName: "Anna", LastName: "Nowak", Emails: []string{"anna@example.pl"}}
	text := cardText(cardItems(c, nil, nil, nil, nil))
	for _, want := range []string{"Anna", "Nowak", "anna@example.pl"} {
		if !strings.Contains(text, want) {
			t.Errorf("the copied card lacks %q:\n%s", want, text)
		}
	}
	for _, field := range []string{"company", "middle_name", "phones", "city", "birth_date", "groups"} {
		f, _ := contact.LookupField(field)
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, f.Label+" ") || line == f.Label {
				t.Errorf("the copied card has the empty field %s: %q\n%s", field, line, text)
			}
		}
	}
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("an empty section left blank lines:\n%s", text)
	}
}

// ? on the card lists every key of the card, whatever the line.
func TestCardHelpListsEveryKey(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 120, 40)
	press(t, m, "enter", "?")
	mustContain(t, screenText(m), "toggle consent", "erase personal data", "unsubscribe", "remove", "copy card")
}

// At 80×24 the card's first screen says how to reach the history below
// it; G goes to its heading, G again to the end.
func TestCardHistoryIsReachable(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	card := openCard(t, m)
	h := card.historyStart()
	if h < card.pageRows() {
		t.Skip("the card fits one screen")
	}
	mustContain(t, screenText(m), "G goes to the history below")
	press(t, m, "G")
	if card.top > h || h >= card.top+card.pageRows() || card.cursor != h+1 {
		t.Fatalf("G: top %d cursor %d, history at %d", card.top, card.cursor, h)
	}
	if strings.Contains(screenText(m), "G goes to the history below") {
		t.Fatal("the hint stays with the history in view")
	}
	press(t, m, "G")
	if card.cursor != len(card.items)-1 {
		t.Fatalf("G again: cursor %d of %d", card.cursor, len(card.items))
	}
}

// A refused or withdrawn consent reads "[ ] no  since …", not "no  no since".
func TestCardConsentNoReadsOnce(t *testing.T) {
	it := consentItem(contact.Consent{Name: "sms", Granted: false, At: testNow, Source: "card"}, true)
	if got := it.value + "  " + it.extra; got != "[ ] no  since 2026-11-02 14:03 · from card" {
		t.Fatalf("%q", got)
	}
}
