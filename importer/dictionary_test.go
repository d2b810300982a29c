package importer

import (
	"testing"
	"testing/fstest"
)

func TestDictionaryLoads(t *testing.T) {
	l, err := loadLexicon(dictionaryFS, "dictionary")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.headers) == 0 || len(l.anywhere) == 0 || len(l.consent) == 0 || len(l.recTypes) == 0 {
		t.Fatalf("dictionary read nearly empty: %d headers", len(l.headers))
	}
}

func TestDictionaryRefusesBadData(t *testing.T) {
	for name, text := range map[string]string{
		"two targets":     "[first_name]\nnome\n",
		"unknown section": "[first_nam]\nx\n",
		"no section":      "imię\n",
		"bad value":       "[value priority urgent]\nx\n",
		"empty word":      "[city]\n---\n",
	} {
		fsys := fstest.MapFS{
			"d/a.txt": {Data: []byte("[full_name]\nnome\n")},
			"d/b.txt": {Data: []byte(text)},
		}
		if _, err := loadLexicon(fsys, "d"); err == nil {
			t.Errorf("%s: loaded", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
