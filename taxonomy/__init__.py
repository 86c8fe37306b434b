"""ESCO taxonomy: import of the official CSV download into SQLite and read-only lookups."""
