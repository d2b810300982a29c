package importer

import "io"

// xlsTable reads a legacy Excel workbook.
func xlsTable(name, member string, ra io.ReaderAt, size int64, ro ReadOptions) (*Table, error) {
	if member != "" {
		name = member
	}
	return nil, refuse(name, "is a legacy Excel .xls workbook, which rolo cannot read yet: open it in Excel or LibreOffice and save it as .xlsx or .csv")
}
