"""Printouts built with reportlab: A4, the bundled CJK font embedded, Chinese throughout."""
