"""The schema as code, shared by every stage: the claim fields, the records, the ontology reader,
the vocabulary namespaces and the prefix map."""
