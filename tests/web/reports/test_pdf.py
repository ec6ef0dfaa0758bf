"""The PDF building blocks: a table, a chart and a document whose text reads back."""

import io

from pypdf import PdfReader

from biomass.web.reports import pdf


def test_a_document_with_a_table_and_a_chart_reads_back():
    body = pdf.document(
        [
            pdf.heading("Título <b>"),
            pdf.table(["Name", "Value (PJ/yr)"], [["a & b", "1,5"], ["c", "no data"]], [0.5, 0.5]),
            pdf.bar_chart(["a & b", "c"], [1.5, None], "Technical (PJ/yr)"),
        ],
        title="Test report",
        author="tests",
    )
    reader = PdfReader(io.BytesIO(body))
    text = reader.pages[0].extract_text()
    assert body.startswith(b"%PDF")
    assert "Título <b>" in text and "a & b" in text and "no data" in text and "Test report · 1" in text
    assert reader.metadata.title == "Test report"
