"""Where kratom-kg's files live: the one module that knows the project layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Environment variable that points at a project folder (one holding ``ontology/`` and ``data/``).
HOME_VARIABLE = "KG_HOME"

GRAPH_BASENAME = "kratom"


@dataclass(frozen=True, slots=True)
class Locations:
    """The folders of one kratom-kg project.

    ``root`` is the project folder; the others default to its standard sub-folders but may be
    pointed elsewhere (a test's temporary folder, another data set).
    """

    root: Path
    data: Path
    ontology: Path
    build: Path

    @classmethod
    def at(
        cls,
        root: str | os.PathLike[str],
        *,
        data: str | os.PathLike[str] | None = None,
        build: str | os.PathLike[str] | None = None,
    ) -> Locations:
        """Locations of the project rooted at ``root``, with optional data or build overrides."""
        base = Path(root).resolve()
        return cls(
            root=base,
            data=Path(data).resolve() if data is not None else base / "data",
            ontology=base / "ontology",
            build=Path(build).resolve() if build is not None else base / "build",
        )

    @classmethod
    def discover(
        cls,
        *,
        data: str | os.PathLike[str] | None = None,
        build: str | os.PathLike[str] | None = None,
    ) -> Locations:
        """Find the project: ``$KG_HOME``, else the nearest folder above the working directory
        holding ``ontology/kratom.ttl``, else the source checkout this package was installed from."""
        return cls.at(find_root(), data=data, build=build)

    # -- files inside the folders ---------------------------------------------------------------

    @property
    def queries(self) -> Path:
        """The catalogue of ready SPARQL questions (``queries/*.rq``)."""
        return self.root / "queries"

    @property
    def ontology_file(self) -> Path:
        """The OWL ontology (Turtle)."""
        return self.ontology / "kratom.ttl"

    @property
    def shapes_file(self) -> Path:
        """The SHACL shapes the built graph must conform to."""
        return self.ontology / "shapes.ttl"

    def graph_file(self, extension: str = "ttl") -> Path:
        """A serialisation of the built graph, e.g. ``build/kratom.ttl`` or ``build/kratom.nt``."""
        return self.build / f"{GRAPH_BASENAME}.{extension}"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root when it lies inside it (for messages and
        provenance), else as given; always with forward slashes."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def find_root() -> Path:
    """The project folder, by the rule documented on :meth:`Locations.discover`."""
    env = os.environ.get(HOME_VARIABLE)
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "kratom.ttl").is_file():
            return folder
    return Path(__file__).resolve().parent.parent
