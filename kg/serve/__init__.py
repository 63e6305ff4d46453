"""Stage 6, serve: the read-only SPARQL endpoint."""
