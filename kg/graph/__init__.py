"""Stage 2, graph: validated records become one RDF graph (:mod:`.build`), checked against the SHACL
shapes, written atomically, and opened again for reading (:mod:`.store`)."""
