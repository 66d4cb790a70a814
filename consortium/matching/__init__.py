"""Pure candidate–position matching core (no Flask, no database): scoring, catalog and allocation."""
