"""Spreadsheet import and export. Pure: a file becomes rows and problems; rows become a file."""
