package importer

import (
	"archive/zip"
	"fmt"
	"io"
	"path"
	"strings"
)

// ZIP archives hold one or more contact files. Two checks refuse the whole
// archive before anything is read from it: a member whose name escapes its
// folder (../x, /etc/x, C:\x: extracting it would write outside), and a
// member out of proportion (a zip bomb: more than maxRatio times its
// packed size, or more than the size limit). The archive is also unpacked
// once to check every member really unpacks to its declared size: the
// central directory can lie, and the refusal must come before any row is
// written.

// maxRatio is the most a member may unpack to per packed byte. Real
// contact files pack 4 to 20 times; a bomb packs a thousand times or more.
const maxRatio = 200

func checkMember(archive string, f *zip.File, limit int64) error {
	name := strings.ReplaceAll(f.Name, `\`, "/")
	clean := path.Clean(name)
	if strings.HasPrefix(name, "/") || clean == ".." || strings.HasPrefix(clean, "../") ||
		(len(name) > 1 && name[1] == ':') {
		return refuse(archive, "member %q points outside its folder (../ or an absolute path); the archive was refused", f.Name)
	}
	size, packed := f.UncompressedSize64, f.CompressedSize64
	if size > uint64(limit) {
		return refuse(archive, "member %q unpacks to %s, over the limit of %s (see --max-size)", f.Name, byteSize(int64(size)), byteSize(limit))
	}
	if size > 1<<20 && (packed == 0 || size/packed > maxRatio) {
		return refuse(archive, "member %q unpacks to %s from %s packed, out of all proportion (a zip bomb?); the archive was refused", f.Name, byteSize(int64(size)), byteSize(int64(packed)))
	}
	return nil
}

// zipMember is a contact file inside an archive.
type zipMember struct {
	file   *zip.File
	format Format
}

// readableExt maps file extensions to the format they promise.
var readableExt = map[string]Format{
	".csv": FormatCSV, ".txt": FormatCSV, ".tsv": FormatCSV, ".tab": FormatCSV,
	".xlsx": FormatXLSX, ".xlsm": FormatXLSX, ".xls": FormatXLS,
	".vcf": FormatVCard, ".vcard": FormatVCard,
	".jsonl": FormatJSONL, ".ndjson": FormatJSONL,
}

// zipMembers checks an archive and lists the contact files in it, in
// archive order; skipped lists the members it leaves out, and why.
func zipMembers(archive string, zr *zip.Reader, limit int64) (members []zipMember, skipped []string, err error) {
	var total uint64
	for _, f := range zr.File {
		if err := checkMember(archive, f, limit); err != nil {
			return nil, nil, err
		}
		total += f.UncompressedSize64
	}
	if total > uint64(limit) {
		return nil, nil, refuse(archive, "unpacks to %s in all, over the limit of %s (see --max-size)", byteSize(int64(total)), byteSize(limit))
	}
	for _, f := range zr.File {
		base := path.Base(strings.ReplaceAll(f.Name, `\`, "/"))
		switch {
		case f.FileInfo().IsDir():
			continue
		case strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, "."):
			continue // macOS resource forks and hidden files
		}
		format, ok := readableExt[strings.ToLower(path.Ext(base))]
		if !ok {
			skipped = append(skipped, fmt.Sprintf("%s: not a contact file (CSV, TXT, XLSX, XLS, vCard or JSON Lines)", f.Name))
			continue
		}
		if err := verifyMember(archive, f); err != nil {
			return nil, nil, err
		}
		members = append(members, zipMember{file: f, format: format})
	}
	if len(members) == 0 {
		return nil, nil, refuse(archive, "holds no contact file (CSV, TXT, XLSX, XLS, vCard or JSON Lines)")
	}
	return members, skipped, nil
}

// verifyMember unpacks a member to check its size and checksum.
func verifyMember(archive string, f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return refuse(archive, "member %q cannot be unpacked (%v)", f.Name, err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return refuse(archive, "member %q is damaged (%v)", f.Name, err)
	}
	if uint64(n) != f.UncompressedSize64 {
		return refuse(archive, "member %q unpacks to more than its declared size (a zip bomb?); the archive was refused", f.Name)
	}
	return nil
}

// byteSize writes a size for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
