// Package importer reads contact files (CSV and TXT with any delimiter,
// XLSX, legacy XLS, ZIP archives of these, vCard, JSON Lines), works out their
// encoding, delimiter, header and column mapping, normalises and validates
// every row, and writes the contacts through a Sink in whole batches, in a
// goroutine that reports progress and can be cancelled. It imports
// contact/ and never store/: a thin adapter over the store is the Sink.
//
// The pieces, in the order a file meets them:
//
//	Open / Detect   format, encoding, delimiter, sheets, header, preview (source.go;
//	                readers in csv.go, xlsx.go, xls.go, zip.go, vcard.go, jsonl.go)
//	AutoMap         header names (the dictionary/ files) and values → fields (mapping.go)
//	Start           reader → parallel normalisers → single writer (run.go)
//	Report          counts, rejected rows, warnings, rejects CSV (report.go);
//	                the job's log in the store leaves out suppressed people (write.go)
//	Audit           the same reading and checks, no store (audit.go)
//
// A UI drives the same steps: Detect for the preview, AutoMap and
// Mapping.Override for the mapping screen, Check for a dry sample, Start
// with its Progress channel for the run, and the Report for the results.
package importer
