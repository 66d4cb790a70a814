"""The recommendation book as the province receives it: commitments, acceptance, the incident register and
the clean-record declaration, and the book itself as DOCX (annex 2) with annex 3 as its own document."""
