package ui

import (
	"strings"
	"testing"

	"rolo/contact"
	"rolo/store"
)

// openCardOf opens the card of the first contact in the table that ok
// accepts (the table's rows are in name order).
func openCardOf(t *testing.T, m *Model, st *store.Store, ok func(*contact.Contact) bool) *cardModel {
	t.Helper()
	for i, id := range m.table.rows.ids {
		if ok(reload(t, st, id)) {
			m.table.cursor = i
			m.table.clamp()
			return openCard(t, m)
		}
	}
	t.Fatal("no contact fits")
	return nil
}

func hasGranted(c *contact.Contact) bool {
	for _, k := range c.Consents {
		if k.Granted {
			return true
		}
	}
	return false
}

// linesAfter is the card's text lines under the consent name's line, up
// to the next consent.
func consentStory(card *cardModel, name string) []string {
	var out []string
	in := false
	for _, it := range card.items {
		switch {
		case it.kind == itemConsent:
			in = it.name == name
		case in && it.kind == itemText:
			out = append(out, it.value)
		case in:
			in = false
		}
	}
	return out
}

func TestCardConsentHistory(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 120, 40)
	card := openCardOf(t, m, st, hasGranted)
	var name string
	for i, it := range card.items {
		if it.kind == itemConsent && it.copy == "yes" {
			card.cursor, name = i, it.name
			break
		}
	}
	press(t, m, "space") // withdrawn from the card
	press(t, m, "space") // given again
	story := consentStory(card, name)
	if len(story) < 3 {
		t.Fatalf("consent %s shows %d history lines: %q", name, len(story), story)
	}
	if !strings.Contains(story[0], "given · ") || !strings.Contains(story[len(story)-2], "withdrawn · the card") ||
		!strings.Contains(story[len(story)-1], "given · the card") || !strings.Contains(story[len(story)-1], "2026-11-02 14:03") {
		t.Errorf("the story of %s:\n%s", name, strings.Join(story, "\n"))
	}
	mustContain(t, strings.Join(story, "\n"), "· ")
}

func TestConsentLinesInWords(t *testing.T) {
	at := testNow
	lines := consentLines([]store.ConsentChange{
		{Name: "sms", Granted: false, At: at, Source: "import:3", Kind: contact.EventCreate},
		{Name: "sms", Granted: true, At: at, Source: "bulk", Kind: contact.EventUpdate},
		{Name: "sms", Granted: false, At: at, Source: "cli", Kind: "unsubscribe"},
		{Name: "sms", Removed: true, At: at, Source: "consent rm", Kind: "consent"},
	}, map[string]string{"import:3": "import 3 (kontakty.csv)"})
	want := []string{
		"refused · import 3 (kontakty.csv)",
		"given · a bulk action",
		"withdrawn · the command line (unsubscribe)",
		"no longer recorded · consent rm (consent)",
	}
	got := lines["sms"]
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if !strings.HasSuffix(got[i].value, w) {
			t.Errorf("line %d is %q, want it to end %q", i, got[i].value, w)
		}
	}
}

func TestCardUnsubscribe(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	card := openCardOf(t, m, st, func(c *contact.Contact) bool { return hasGranted(c) && len(c.Emails) > 0 })
	id := card.id
	press(t, m, "U")
	d, ok := m.active().(*cardActionDialog)
	if !ok {
		t.Fatalf("U opened %T", m.active())
	}
	mustContain(t, screenText(m), "Unsubscribe", "status becomes unsubscribed", "suppression list")
	press(t, m, "q") // typed into the reason, not obeyed
	if m.active() != d {
		t.Fatal("q closed the dialog while a reason is typed")
	}
	press(t, m, "backspace", "ticket 42", "enter")
	c := reload(t, st, id)
	if c.Status != contact.StatusUnsubscribed || hasGranted(c) {
		t.Fatalf("after unsubscribing: status %s, consents %+v", c.Status, c.Consents)
	}
	for _, k := range c.Consents {
		if k.Source == "card" && !k.At.Equal(testNow) {
			t.Errorf("consent %+v is not dated now", k)
		}
	}
	if _, sup, err := st.Suppressed(store.SuppressEmail, c.Emails[0]); err != nil || !sup {
		t.Errorf("%s is not on the suppression list (%v)", c.Emails[0], err)
	}
	if m.active() != card {
		t.Fatalf("after unsubscribing the active screen is %T", m.active())
	}
	if v := m.ix.Value(id, "status"); v != contact.StatusUnsubscribed {
		t.Errorf("the index says status %q", v)
	}
	text := cardText(card.items)
	mustContain(t, text, "(unsubscribe)", "withdrawn · the card")
	mustContain(t, screenText(m), "unsubscribed:")
}

func TestCardErase(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	card := openCardOf(t, m, st, func(c *contact.Contact) bool { return len(c.Emails) > 0 && len(c.Phones) > 0 })
	id := card.id
	before := reload(t, st, id)
	press(t, m, "E")
	if _, ok := m.active().(*cardActionDialog); !ok {
		t.Fatalf("E opened %T", m.active())
	}
	frame := screenText(m)
	mustContain(t, frame, "Erase personal data", "cannot be undone", "tombstone", "suppression")
	if len(before.Emails) > 1 {
		mustContain(t, frame, "e-mails")
	}
	press(t, m, "request 7", "enter", "eras", "enter")
	mustContain(t, screenText(m), "type the word erase")
	if reload(t, st, id).Status == contact.StatusErased {
		t.Fatal("erased before the word was typed")
	}
	press(t, m, "e", "enter")
	c := reload(t, st, id)
	if c.Status != contact.StatusErased || len(c.Emails) != 0 || c.FirstName != "" {
		t.Fatalf("after erasing: %+v", c)
	}
	if _, sup, _ := st.Suppressed(store.SuppressEmail, before.Emails[0]); !sup {
		t.Error("the erased e-mail is not on the suppression list")
	}
	hist, _ := st.History(id)
	if last := hist[len(hist)-1]; last.Source != "card" || last.Note != "request 7" && !strings.Contains(last.Note, "request 7") {
		t.Errorf("the erase event: %+v", last)
	}
	if m.active() != card {
		t.Fatalf("after erasing the active screen is %T", m.active())
	}
	if v := m.ix.Value(id, "status"); v != contact.StatusErased {
		t.Errorf("the index says status %q", v)
	}
	mustContain(t, screenText(m), "(personal data erased: read-only)", "erased the personal data")
	card.Keys()
	if card.keys.Erase.Enabled() || card.keys.Unsubscribe.Enabled() {
		t.Error("an erased contact still offers erase and unsubscribe")
	}
	// Read-only, and it says why: e on a line writes nothing.
	if title := card.Title(); !strings.Contains(title, "Erased contact") {
		t.Errorf("the erased card's title is %q", title)
	}
	press(t, m, "g", "j", "e")
	if card.editing {
		t.Fatal("e on an erased card opened an edit")
	}
	mustContain(t, screenText(m), "was erased: its card is read-only")
	if c := reload(t, st, id); c.FirstName != "" || len(c.Emails) != 0 {
		t.Fatalf("the tombstone changed: %+v", c)
	}
}

func TestCardPrivacyKeysReadOnly(t *testing.T) {
	st := testStore(t, 5)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 120, 40)
	card := openCard(t, m)
	card.Keys()
	if card.keys.Erase.Enabled() || card.keys.Unsubscribe.Enabled() {
		t.Error("a read-only card offers erase or unsubscribe")
	}
	press(t, m, "E")
	press(t, m, "U")
	if m.active() != card {
		t.Errorf("a read-only card opened %T", m.active())
	}
}
