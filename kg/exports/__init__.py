"""Stage 5, exports: the graph in the formats other tools read (RDF, GraphML, GEXF, KGX, Neo4j)."""
