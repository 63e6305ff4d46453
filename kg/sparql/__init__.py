"""Stage 3, query: SPARQL on the built graph — engines (embedded Oxigraph, rdflib, remote endpoints),
the query guard, the catalogue of ready questions, name lookup, result formats and statistics."""
