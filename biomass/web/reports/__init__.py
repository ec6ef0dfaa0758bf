"""PDF reports: plain functions that lay out what the selectors return (reportlab)."""
