"""Database-free bulk import layer: read CSV/XLSX bytes, map headers, normalise and validate rows, export."""
