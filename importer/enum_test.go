package importer

import (
	"strings"
	"testing"
)

func TestEnumerationsInTheirLanguages(t *testing.T) {
	text := "Email;Priority;Status;Zgoda SMS\n" +
		"a@example.com;Normal;active;tak\n" +
		"b@example.com;ALTA;Inativo;sim\n" +
		"c@example.com;hoch;Kunde;nein\n" +
		"d@example.com;wysoki;klient;1\n" +
		"e@example.com;BAIXA;;0\n" +
		"f@example.com;średni;;ja\n"
	want := []string{"medium subscriber", "high unsubscribed", "high contact", "high contact", "low ", "medium "}
	for i, r := range auditText(t, "enums.csv", text, "PL") {
		if got := r.Contact.Priority + " " + r.Contact.Status; got != want[i] || len(r.Warnings) != 0 {
			t.Errorf("row %d: %q %+v, want %q", i+1, got, r.Warnings, want[i])
		}
	}
}

// Invenio's layout: one row per channel; a row whose value is empty or
// invalid is rejected with the reason, the person's other rows import.
func TestChannelRowsWithoutAValidValue(t *testing.T) {
	text := "CPFCNPJ;NOME;TIPO_DE_REGISTRO;VALOR_DO_REGISTRO;PRIORIDADE\n" +
		"123.456.789-09;João da Silva;TELEFONE;(11) 98765-4321;ALTA\n" +
		"123.456.789-09;João da Silva;EMAIL;joao@example.com.br;ALTA\n" +
		"123.456.789-09;João da Silva;TELEFONE;;ALTA\n" +
		"123.456.789-09;João da Silva;EMAIL;joao@;MEDIA\n"
	rows := auditText(t, "invenio.csv", text, "BR")
	if len(rows) != 4 || rows[0].Reject != "" || rows[1].Reject != "" || rows[0].Contact.Priority != "high" {
		t.Fatalf("good rows: %+v", rows)
	}
	if rows[2].Reject != "TIPO_DE_REGISTRO TELEFONE with an empty VALOR_DO_REGISTRO" || rows[2].RejectKind != "invalid_channel" {
		t.Errorf("empty value: %q", rows[2].Reject)
	}
	if !strings.HasPrefix(rows[3].Reject, "TIPO_DE_REGISTRO EMAIL with an invalid VALOR_DO_REGISTRO") {
		t.Errorf("invalid value: %q", rows[3].Reject)
	}
}

func TestCompanyCardTakesItsOrgAsName(t *testing.T) {
	rows := auditText(t, "pizza.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Joe's Pizza\r\nTEL;TYPE=WORK:+1 202 555 0143\r\nEND:VCARD\r\n", "US")
	if len(rows) != 1 || rows[0].Contact == nil {
		t.Fatalf("%+v", rows)
	}
	if c := rows[0].Contact; c.Company != "Joe's Pizza" || c.FullName() != "Joe's Pizza" {
		t.Errorf("company card: %+v", c)
	}
}
