"""Lists and create/edit forms of every record type: one module (blueprint) per type."""
