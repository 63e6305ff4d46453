"""Stage 6, paths: cited path lookups between entities over the read model."""

#: Longest path considered unless asked otherwise (kept here, apart from the search itself, so
#: the API and the command line read it without importing networkx).
DEFAULT_MAX_HOPS = 4
