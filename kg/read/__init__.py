"""Stage 4, read: the typed read model of the graph (entities, claims, sources) fetched through any
query engine, whole or bounded around some entities, and the evidence scoring every consumer shares."""
