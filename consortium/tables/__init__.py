"""The table library: reading CSV/XLSX, normalising cells, column specs and safe export. Pure: no Flask app or database."""
