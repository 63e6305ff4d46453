"""Stage 1, curate: the curated TSV tables are read (:mod:`.load`), checked row by row and across
tables (:mod:`.checks`) into typed records, and kept in canonical form (:mod:`.lint`)."""
