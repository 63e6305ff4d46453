"""Stage 6, paths: cited path lookups between entities over the read model."""
