package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/importer"
	"rolo/private"
	"rolo/store"
)

// What the wizard reads from the store, and the files it writes (the
// mapping file, the rejects file): all in commands.

// wizStoreInfo is what the store defines that the wizard shows: the
// consents and custom fields an import would not create anew, and the
// groups on offer. (The default country is the book's, sh.country().)
type wizStoreInfo struct {
	consents, customs, groups []string
}

type wizStoreInfoMsg struct {
	w    *importWizard
	info wizStoreInfo
}

// loadWizStoreInfo reads the definitions. A failure only leaves a list
// empty.
func loadWizStoreInfo(w *importWizard, st *store.Store) tea.Cmd {
	return func() tea.Msg {
		var info wizStoreInfo
		if defs, err := st.ConsentDefs(); err == nil {
			for _, d := range defs {
				info.consents = append(info.consents, d.Name)
			}
		}
		if defs, err := st.CustomFields(); err == nil {
			for _, d := range defs {
				info.customs = append(info.customs, d.Name)
			}
		}
		if defs, err := st.Groups(); err == nil {
			for _, d := range defs {
				info.groups = append(info.groups, d.Name)
			}
		}
		return wizStoreInfoMsg{w: w, info: info}
	}
}

// wizSavedMsg says a file was written, or exists and needs a yes.
type wizSavedMsg struct {
	w      *importWizard
	what   string
	path   string
	exists bool
	err    error
}

// saveFile writes a file in a command; an existing file is only replaced
// when overwrite is set (the user pressed enter again on the same name).
func saveFile(w *importWizard, what, path string, overwrite bool, write func(path string) error) tea.Cmd {
	return func() tea.Msg {
		msg := wizSavedMsg{w: w, what: what, path: path}
		if fi, err := os.Stat(path); err == nil {
			if fi.IsDir() {
				msg.err = fmt.Errorf("%s is a folder: give a file name", path)
				return msg
			}
			if !overwrite {
				msg.exists = true
				return msg
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			msg.err = fmt.Errorf("writing %s: %w", path, err)
			return msg
		}
		msg.err = write(path)
		return msg
	}
}

// saved closes the file name prompt, or asks again for an existing file.
func (w *importWizard) saved(msg wizSavedMsg) tea.Cmd {
	switch {
	case msg.exists:
		w.overwrite = msg.path
		w.err = msg.path + " exists: enter again replaces it, esc keeps it"
		return nil
	case msg.err != nil:
		w.err = msg.err.Error()
		return nil
	}
	w.stopTyping()
	return status(fmt.Sprintf("saved %s to %s", msg.what, msg.path))
}

// savePath resolves a typed file name and whether it was confirmed.
func (w *importWizard) savePath(v string) (string, bool) {
	if v == "" {
		return "", false
	}
	p := resolvePath("", v)
	return p, p == w.overwrite
}

// defaultMappingPath is beside the imported file: name.mapping.json.
func (w *importWizard) defaultMappingPath() string {
	p := w.file.path
	stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	return filepath.Join(filepath.Dir(p), stem+".mapping.json")
}

// mappingFile is the saved form of the wizard's choices: how the file is
// read, its mapping and the import options (what `rolo import --mapping`
// replays).
func (w *importWizard) mappingFile() (*importer.MappingFile, error) {
	t := w.table()
	if t == nil || len(w.mapg.maps) == 0 {
		return nil, errors.New("the file is not read yet")
	}
	if w.read.src != nil && len(w.read.src.Tables) > 0 {
		t = w.read.src.Tables[0]
	}
	o := w.importOptions()
	h := t.Header
	mf := &importer.MappingFile{
		Columns: w.mapg.maps[0].Entries(), Encoding: t.Encoding, Delimiter: importer.DelimiterName(t.Delimiter),
		Header: &h, Sheet: t.Sheet, Country: o.Country, Key: o.Key.String(), Mode: string(o.Mode),
		Groups: o.Groups, Tags: o.Tags, Keyless: string(o.Keyless),
	}
	if o.ClearEmpty {
		mf.Empty = "clear"
	}
	return mf, nil
}

// saveMapping writes the mapping file.
func (w *importWizard) saveMapping(v string) tea.Cmd {
	p, confirmed := w.savePath(v)
	if p == "" {
		w.err = "type a file name"
		return nil
	}
	mf, err := w.mappingFile()
	if err != nil {
		w.err = err.Error()
		return nil
	}
	return saveFile(w, "the mapping", p, confirmed, func(path string) error {
		return importer.WriteMappingFile(path, mf, w.filePerm())
	})
}

// saveRejects writes the rejected rows as they were read (as fixed, when
// they were fixed and rejected again) with a reason column.
func (w *importWizard) saveRejects(v string) tea.Cmd {
	p, confirmed := w.savePath(v)
	if p == "" {
		w.err = "type a file name"
		return nil
	}
	rep := *w.res.rep // the command reads its own copy of the list
	rep.Rejected = append([]importer.Rejected(nil), w.res.rep.Rejected...)
	what := countOf(len(rep.Rejected), "rejected row")
	perm, opt := w.filePerm(), importer.RejectsOptions{BOM: w.res.bom}
	return saveFile(w, what, p, confirmed, func(path string) error {
		return private.Write(path, perm, func(f *os.File) error { return rep.WriteRejectsAs(f, opt) })
	})
}

// filePerm is who may read the files the wizard saves: the rejected rows
// and a mapping's column names can be personal data.
func (w *importWizard) filePerm() private.Perm {
	return private.ForStore(w.sh.st.Path())
}
