"""Use cases over the store. Reads return domain values; each write is one transaction."""
