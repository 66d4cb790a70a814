"""Pure recommendation-book figures (metrics.md): plain records in, `Figure`s out; no Flask, no database."""
