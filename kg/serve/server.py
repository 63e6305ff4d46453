"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

``/sparql`` answers GET and POST (URL-encoded form or direct ``application/sparql-query`` body)
with content negotiation for the W3C result formats; ``/catalogue`` lists the ready questions and
``/catalogue/<name>?param=value`` runs one with its parameters bound; ``/`` is a query page that
works with no network.

Queries run in a pool of worker processes, each with its own copy of the store and no network. A
query that runs past the time limit has its worker killed and replaced, and its client gets an
explicit 503 — never a cut-off 200 — while the other workers keep answering. Update, SERVICE, FROM
and dataset parameters are refused with 4xx before anything runs; bodies are capped.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import queue
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import (
    CatalogueError,
    EndpointError,
    KGError,
    MissingParameters,
    NodeNotFound,
    NoPath,
    NotFound,
    PathError,
    QueryError,
    QueryNotFound,
    QueryRefused,
    QueryTimeout,
    ResultTooLarge,
    UsageError,
)
from kg.graph.store import open_store, require
from kg.sparql.ask import ask
from kg.sparql.engine import OxigraphEngine
from kg.sparql.questions import find_query, read_catalogue
from kg.sparql.results import FORMATS, render
from kg.sparql.sandbox import isolate_network

DEFAULT_PORT = 7879
LOOPBACK = ("127.0.0.1", "::1", "localhost")

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may cost."""

    timeout: float = 10.0
    rows: int = 10_000
    body_bytes: int = 1 << 20


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, media type and body."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


# ------------------------------------------------------------------------------ the workers


#: The base IRI relative IRIs in queries resolve against (the Protocol lets the service choose).
BASE_IRI = "http://localhost/sparql"


def _worker_main(connection: Any, graph: str, queries: str, rows: int) -> None:
    """Body of one worker process: open the store once, then answer requests until told to stop."""
    isolate_network()
    engine = OxigraphEngine(open_store(Path(graph)), base_iri=BASE_IRI)
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        connection.send(_answer(engine, request, Path(queries), rows))


def _answer(engine: Any, request: dict[str, Any], queries: Path, rows: int) -> Reply:
    """Run one request inside a worker and turn every expected failure into a 4xx reply."""
    try:
        question = find_query(queries, request["name"]) if request.get("name") else None
        result = ask(engine, request["text"], question=question,
                     params=request.get("params") or {}, limit=rows)
        fmt = negotiate(request.get("accept", ""), result.kind)
        return Reply(200, FORMATS[fmt].media_type, render(result, fmt))
    except KGError as exc:
        return Reply.error(status_of(exc), str(exc))


#: The HTTP status of each kind of error a request can meet (the most specific class wins).
STATUS: dict[type[KGError], int] = {
    QueryRefused: 403, ResultTooLarge: 413, QueryTimeout: 503, QueryNotFound: 404,
    NodeNotFound: 400, NotFound: 404, QueryError: 400, CatalogueError: 500, UsageError: 400,
    MissingParameters: 400, PathError: 400, NoPath: 404, EndpointError: 502,
}


def status_of(error: KGError) -> int:
    """The HTTP status for ``error``: that of the nearest class in its ancestry with one."""
    return next((STATUS[c] for c in type(error).__mro__ if c in STATUS), 500)


def negotiate(accept: str, kind: str) -> str:
    """The result format for an ``Accept`` header (highest q first), or the kind's default."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                with contextlib.suppress(ValueError):
                    quality = float(value)
        if media:
            ranked.append((-quality, position, media.lower()))
    for negative_quality, _, media in sorted(ranked):
        if negative_quality < 0 and media in table:
            return table[media]
    return "ttl" if kind == "graph" else "json"


class _Worker:
    def __init__(self, context: Any, graph: str, queries: str, rows: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, graph, queries, rows),
                                       daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.connection.poll(timeout):
            self.kill()
            raise KGError("a query worker did not start; is the graph built?")
        self.connection.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.connection.close()


class WorkerPool:
    """Worker processes that each hold the store; a request borrows one, and a worker that runs
    past the time limit is killed and replaced in the background."""

    def __init__(self, graph: Path, queries: Path, *, size: int, limits: Limits) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.args = (str(graph), str(queries), limits.rows)
        self.limits = limits
        self.idle: queue.Queue[_Worker] = queue.Queue()
        workers = [_Worker(self.context, *self.args) for _ in range(size)]
        for worker in workers:
            worker.wait_ready(60)
            self.idle.put(worker)

    def run(self, request: dict[str, Any]) -> Reply:
        started = time.monotonic()
        try:
            worker = self.idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            return Reply.error(503, "all query workers are busy; try again shortly")
        remaining = max(0.1, self.limits.timeout - (time.monotonic() - started))
        crashed = False
        try:
            worker.connection.send(request)
            if worker.connection.poll(remaining):
                reply = worker.connection.recv()
                self.idle.put(worker)
                return reply
        except (OSError, EOFError):
            crashed = True  # the worker died under the query (e.g. the engine ran out of stack)
        worker.kill()
        threading.Thread(target=self._replace, daemon=True).start()
        if crashed:
            return Reply.error(400, "the query could not be evaluated: it stopped the process "
                                    "running it (too deeply nested?); simplify it")
        return Reply.error(503, f"the query ran longer than the {self.limits.timeout:g} s limit "
                                "and was stopped; narrow it (e.g. add LIMIT or more patterns)")

    def _replace(self) -> None:
        worker = _Worker(self.context, *self.args)
        with contextlib.suppress(KGError):
            worker.wait_ready(60)
            self.idle.put(worker)

    def close(self) -> None:
        while not self.idle.empty():
            worker = self.idle.get_nowait()
            with contextlib.suppress(Exception):
                worker.connection.send(None)
            worker.kill()


# --------------------------------------------------------------------------------- the server


class Handler(BaseHTTPRequestHandler):
    """Routes one HTTP request; the pool and the limits hang off the server object."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kratom-kg"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    # -- routing ---------------------------------------------------------------------------------

    def _trusted(self) -> bool:
        """Refuse requests whose Host is not this server's (DNS rebinding) and cross-origin
        browser requests (no CORS unless asked); answers 403 itself when refusing."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if name.strip("[]") not in self.server.allowed_hosts:
            self._send(Reply.error(403, f"Host '{host}' is not served here; allowed: "
                                        f"{', '.join(sorted(self.server.allowed_hosts))}"))
            return False
        origin = self.headers.get("Origin")
        if origin and not self.server.cors and urllib.parse.urlsplit(origin).netloc.lower() != host:
            self._send(Reply.error(403, "cross-origin requests are refused (start with --cors "
                                        "to allow them)"))
            return False
        return True

    def do_GET(self) -> None:
        if not self._trusted():
            return
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", self.server.page))
        elif path == "/sparql":
            self._sparql(urllib.parse.parse_qs(url.query, keep_blank_values=True), None)
        elif path == "/catalogue":
            self._send(Reply(200, "application/json", self.server.catalogue_json))
        elif path.startswith("/catalogue/"):
            params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
            self._send(self.server.pool.run({"text": "", "name": path[len("/catalogue/"):],
                                             "params": params,
                                             "accept": self.headers.get("Accept", "")}))
        else:
            self._send(Reply.error(404, f"no such page: {url.path}"))

    def do_POST(self) -> None:
        if not self._trusted():
            return
        url = urllib.parse.urlsplit(self.path)
        if (url.path.rstrip("/") or "/") != "/sparql":
            self._send(Reply.error(404, f"no such endpoint: {url.path}"))
            return
        body = self._body()
        if body is None:
            return
        media = self.headers.get_content_type() if self.headers.get("Content-Type") else ""
        charset = (self.headers.get_content_charset() or "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            self._send(Reply.error(415, f"request bodies must be UTF-8, not {charset}"))
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(Reply.error(400, "request body is not valid UTF-8"))
            return
        fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
            self._sparql(fields, None)
        elif media == "application/sparql-query":
            self._sparql(fields, text)
        elif media == "application/sparql-update":
            self._send(Reply.error(403, "SPARQL Update is refused: this endpoint is read-only"))
        else:
            shown = media or "none"
            self._send(Reply.error(415, f"unsupported Content-Type {shown}: use "
                                        "application/x-www-form-urlencoded or "
                                        "application/sparql-query"))

    def _not_allowed(self) -> None:
        reply = Reply.error(405, f"{self.command} is not allowed; use GET or POST")
        self._send(reply, extra={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    # -- the protocol --------------------------------------------------------------------------

    def _sparql(self, fields: dict[str, list[str]], direct: str | None) -> None:
        if "update" in fields or "using-graph-uri" in fields or "using-named-graph-uri" in fields:
            self._send(Reply.error(403, "SPARQL Update is refused: this endpoint is read-only"))
            return
        dataset = [k for k in ("default-graph-uri", "named-graph-uri") if k in fields]
        if dataset:
            self._send(Reply.error(400, f"dataset parameter {dataset[0]} is refused: queries "
                                        "run on this graph only"))
            return
        queries = fields.get("query", [])
        if direct is not None:
            if queries:
                self._send(Reply.error(400, "give the query either in the body or as ?query=, "
                                            "not both"))
                return
            queries = [direct]
        if len(queries) != 1:
            self._send(Reply.error(400, "expected exactly one query parameter" if queries else
                                   "missing query: pass ?query=… or POST a SPARQL query"))
            return
        self._send(self.server.pool.run({"text": queries[0], "accept":
                                         self.headers.get("Accept", "")}))

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._send(Reply.error(411, "Content-Length is required"))
            return None
        try:
            size = int(length)
        except ValueError:
            self._send(Reply.error(400, "Content-Length is not a number"))
            return None
        if size > self.server.limits.body_bytes:
            self._send(Reply.error(413, f"request body larger than "
                                        f"{self.server.limits.body_bytes:,} bytes"))
            self.close_connection = True
            return None
        return self.rfile.read(size)

    def _send(self, reply: Reply, extra: dict[str, str] | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        if reply.media_type.startswith("text/html"):
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; script-src 'unsafe-inline'; "
                             "style-src 'unsafe-inline'; connect-src 'self'")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection, queries delegated to the worker pool."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, limits: Limits, *,
                 page: bytes, catalogue_json: bytes, verbose: bool = False,
                 allowed_hosts: frozenset[str] = frozenset(), cors: bool = False) -> None:
        self.pool = pool
        self.allowed_hosts = frozenset({"127.0.0.1", "localhost", "::1", address[0].lower(),
                                        *allowed_hosts})
        self.cors = cors
        self.limits = limits
        self.page = page
        self.catalogue_json = catalogue_json
        self.verbose = verbose
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/sparql"


def make_server(graph: Path, queries: Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                workers: int = 2, limits: Limits | None = None, allow_remote: bool = False,
                allowed_hosts: frozenset[str] = frozenset(), cors: bool = False,
                verbose: bool = False) -> SparqlServer:
    """Start the workers and bind the server (not yet serving; call ``serve_forever``)."""
    if host not in LOOPBACK and not allow_remote:
        raise KGError(f"refusing to listen on {host}: the endpoint binds to loopback unless "
                      "--allow-remote is given")
    require(graph)
    limits = limits or Limits()
    catalogue = read_catalogue(queries)
    listing = [{"name": q.name, "summary": q.summary, "returns": list(q.returns),
                "params": [{"name": p.name, "type": p.type, "example": p.example, "doc": p.doc}
                           for p in q.params], "text": q.text} for q in catalogue.values()]
    pool = WorkerPool(graph, queries, size=workers, limits=limits)
    try:
        return SparqlServer((host, port), pool, limits, page=_page(),
                            catalogue_json=json.dumps(listing).encode(), verbose=verbose,
                            allowed_hosts=frozenset(h.lower() for h in allowed_hosts), cors=cors)
    except OSError:
        pool.close()
        raise


def _page() -> bytes:
    return (resources.files("kg") / "assets" / "query.html").read_bytes()
