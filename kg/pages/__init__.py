"""Stage 5, pages: interactive graph pages (pyvis/vis-network) and the static site."""
