"""The PDF: WeasyPrint lays the HTML out; the pages are checked and finished here."""
