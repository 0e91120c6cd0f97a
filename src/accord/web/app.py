"""The web workbench: a FastAPI app over accord's computations, and a page that drives it.

``create_app()`` builds the app (it does not bind anywhere); ``run()`` serves
it with uvicorn on 127.0.0.1 by default. FastAPI and uvicorn are an optional
extra, imported only when an app is built or run, so ``import accord.web``
works without them.

Every answer is JSON (the page and the report apart). Errors are
``{"errors": [{"path", "line", "message"}]}`` for an invalid scenario (422,
the problems ``accord validate`` prints) and ``{"error": "one line"}`` for
everything else: 413 (body over the size limit), 415 (not JSON), 422 (a
request or a computation the input makes impossible, a bound exceeded), 501
(an optional package this installation lacks, named), 503 (over the time limit, or the
server busy: with ``Retry-After``). A 500 means a bug in accord.

Computations run in a small pool of worker processes (:mod:`accord.web.workers`)
with a time limit: the answer is serialised to JSON in the worker, a
computation over the limit is stopped by killing its worker (which a fresh one
replaces at once), each worker's memory is capped, and requests beyond the
workers and a short waiting line are answered at once with a JSON 503 and
``Retry-After``. The page, ``/api/meta`` and the built-ins list never wait for
a worker. Each request loads its own scenario, so concurrent requests share
nothing.
"""

import asyncio
import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import require
from . import models as m
from . import server, service
from .service import Limits, WebError
from .workers import MEMORY_LIMIT, Busy, Overrun, ProcessPool, WorkerLost
from .workers import encode as _json

if TYPE_CHECKING:  # an optional extra, imported when an app is built
    from fastapi import FastAPI

STATIC = Path(__file__).with_name("static")
BODY_TIMEOUT = 30.0  # seconds for a request body (at most max_body bytes) to arrive
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# the briefing's header policy: the one the page states (its inline scripts' hashes, accord.report.safe_html),
# plus what only a header can say; this is the fallback for a page that states none (scripts off)
REPORT_CSP = ("default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
              "frame-ancestors 'none'")

Responses = dict[int | str, dict[str, Any]]  # the `responses=` of a route: an OpenAPI response per status code

ERRORS: Responses = {
    400: {"model": m.ErrorResponse, "description": "The body could not be read (not UTF-8 JSON, or nested too deeply)."},
    408: {"model": m.ErrorResponse, "description": "The request body did not arrive within the time allowed (30 s)."},
    413: {"model": m.ErrorResponse, "description": "The request body is over the size limit (1 MiB)."},
    415: {"model": m.ErrorResponse, "description": "The body is not JSON (send Content-Type: application/json)."},
    422: {"model": m.ProblemsResponse | m.ErrorResponse,
          "description": "`errors`: the scenario's problems (path, line, message), as `accord validate` reports them. "
                         "`error`: a malformed request, an impossible computation or an exceeded bound, in one line."},
    503: {"model": m.ErrorResponse, "description": "The computation took longer than the time limit (20 s), or the "
                                                   "server is busy (every worker taken and the waiting line full); "
                                                   "the `Retry-After` header says when to try again."},
}
NOT_AVAILABLE: Responses = {501: {
    "model": m.ErrorResponse, "description": "This installation lacks an optional package; the answer names the extra."}}


class Guard:
    """ASGI middleware: size and type of request bodies, the Host header, security headers.

    Bodies of POST requests are read up to ``max_body`` bytes before the app
    sees them (413 beyond, whatever Content-Length claims), within ``body_timeout``
    seconds (408 beyond: a client trickling its body cannot hold the server).
    With ``allowed_hosts``, a Host header naming another host is
    refused (400): a page on another site that resolves its name to 127.0.0.1
    (DNS rebinding) cannot use the server.
    """

    def __init__(self, app, max_body: int, allowed_hosts: Iterable[str] | None = None,
                 body_timeout: float = BODY_TIMEOUT):
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.allowed_hosts = set(allowed_hosts) if allowed_hosts is not None else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._headed(send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and _hostname(headers.get("host", "")) not in self.allowed_hosts:
            await _answer(send, 400, {"error": "this server answers only requests addressed to "
                                               + " or ".join(sorted(self.allowed_hosts))})
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        too_large = {"error": f"the request body is larger than {self.max_body:,} bytes; "
                              "send a smaller scenario (the limit is per request)"}
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _answer(send, 400, {"error": "the Content-Length header is not a number"})
                return
            if int(declared) > self.max_body:
                await _answer(send, 413, too_large)
                return
        body = bytearray()
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    body += message.get("body", b"")
                    if len(body) > self.max_body:
                        await _answer(send, 413, too_large)
                        return
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _answer(send, 408, {"error": f"the request body did not arrive within {self.body_timeout:g} s"},
                          [(b"connection", b"close")])
            return
        repeated = _duplicate_key(bytes(body)) if "json" in headers.get("content-type", "") else None
        if repeated is not None:
            await _answer(send, 422, {"error": f"invalid request: the key {repeated!r} appears twice in one object"})
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _headed(send):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                                    (b"x-frame-options", b"DENY"),
                                    (b"content-security-policy", PAGE_CSP.encode())):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)
        return wrapped


_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?))(?::(?P<port>[0-9]{1,5}))?")


def _hostname(host: str) -> str | None:
    """The host of a ``Host`` header, parsed strictly as ``host[:port]`` (RFC 9110 7.2); None when malformed.

    ``127.0.0.1:18765@evil.com``, ``[::1`` and ``127.0.0.1:abc`` are malformed, so they never match an
    allowed host.
    """
    found = _HOST.fullmatch(host.strip().lower())
    if found is None or (found["port"] is not None and not 0 < int(found["port"]) < 65536):
        return None
    if found["v6"] is not None:
        try:
            return str(ipaddress.IPv6Address(found["v6"]))
        except ValueError:
            return None
    return found["name"]


def _duplicate_key(body: bytes) -> str | None:
    """The first key repeated inside one JSON object of ``body`` (None when there is none or it is not JSON).

    Python's ``json`` keeps the last of repeated keys; a request that repeats one is ambiguous and refused.
    """
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict:
        seen: dict = {}
        for key, value in items:
            if key in seen and not found:
                found.append(key)
            seen[key] = value
        return seen

    try:
        json.loads(body, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return None  # not JSON: the app answers that itself
    return found[0] if found else None


async def _answer(send, status: int, body: dict, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    data = _json(body)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": data})


def create_app(*, time_limit: float = m.TIME_LIMIT, max_body_bytes: int = m.MAX_BODY_BYTES,
               max_outcomes: int = m.MAX_REQUEST_OUTCOMES, workers: int = 2, max_waiting: int | None = None,
               memory_limit: int | None = MEMORY_LIMIT, start_method: str = "forkserver",
               allowed_hosts: Iterable[str] | None = None,
               store: str | None = None) -> "FastAPI":
    """Build the workbench app: the JSON API under /api/, the page at /, the schema at /openapi.json.

    ``time_limit`` (seconds per computation), ``max_body_bytes`` and
    ``max_outcomes`` bound each request; ``workers`` is the number of worker
    processes, i.e. of computations that run at once; ``max_waiting`` (default
    ``4 * workers``) requests may wait for one (within their time limit),
    beyond which the answer is a 503 with ``Retry-After`` at once;
    ``memory_limit`` caps each worker's address space in bytes (None: no cap);
    ``start_method`` is the multiprocessing start method of the workers
    (``forkserver``; ``fork`` lets a test's patches reach them);
    ``allowed_hosts`` restricts the Host header (``run`` sets it to the
    loopback names when it binds to a loopback address). ``store``: a
    negotiation store (a file written by ``accord track``, or a database URL)
    whose timelines ``/api/track`` serves; it must exist, and a file that is
    not a store is refused (:class:`accord.store.StoreError`).
    """
    from contextlib import asynccontextmanager

    require("fastapi", "web", "the web workbench")
    from fastapi import Depends, FastAPI, Query, Request
    from fastapi import Path as PathParam
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException

    limits = Limits(max_body_bytes=max_body_bytes, max_outcomes=max_outcomes, time_limit=time_limit)
    pool = ProcessPool(workers, max_waiting=4 * workers if max_waiting is None else max_waiting,
                       memory_limit=memory_limit, start_method=start_method)
    track_store = service.open_track_store(store) if store is not None else None
    builtins_cache: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_app):
        await asyncio.to_thread(pool.start)  # the workers are ready before the first request
        yield
        pool.shutdown()
        if track_store is not None:
            track_store.close()

    app = FastAPI(
        title="accord workbench API", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; the schema is at /openapi.json
        description="Analyse, evaluate, compare and simulate negotiation scenarios (accord's JSON contracts). "
                    "Each request names its scenario by `scenario` (YAML or JSON text) or `builtin` (a name); "
                    "neither means the default built-in, the 2024 Cairo talks. Limits: bodies up to "
                    f"{max_body_bytes:,} bytes, {max_outcomes:.0e} outcomes, {m.MAX_ROUNDS:,} rounds, "
                    f"{m.MAX_MONTECARLO_RUNS:,} Monte Carlo runs, {time_limit:g} s per computation.",
    )
    app.state.pool = pool
    app.add_middleware(Guard, max_body=max_body_bytes, allowed_hosts=allowed_hosts)

    def require_json(request: Request) -> None:
        """POST bodies must say they are JSON: a cross-site form post (no preflight) is refused."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json" and not (kind.startswith("application/") and kind.endswith("+json")):
            raise WebError(415, {"error": "send the request as JSON (Content-Type: application/json)"})

    json_only = [Depends(require_json)]

    async def compute(function: Callable, *args: Any) -> Response:
        """Run ``function(*args)`` (a function of :mod:`accord.web.service`) in a worker process.

        The worker looks the function up by name, runs it and sends back the answer as bytes, ready to send.
        """
        task = function.__name__
        if getattr(service, task, None) is not function:
            raise TypeError(f"{task} is not a function of accord.web.service; a worker cannot run it")
        if not pool.started:
            await asyncio.to_thread(pool.start)  # not on the event loop: the first start imports accord
        try:
            reply = await pool.run(task, args, limits.time_limit)
        except Busy:
            raise WebError(503, {"error": f"the server is busy ({pool.size} computations running, others "
                                          "waiting); try again in a few seconds"}, {"Retry-After": "5"}) from None
        except Overrun:
            raise WebError(503, {"error": f"the computation took longer than {limits.time_limit:g} s and was "
                                          "stopped; try fewer rounds, runs or outcomes"},
                           {"Retry-After": "30"}) from None
        except WorkerLost:
            raise WebError(503, {"error": "the computation stopped before answering (it may have needed more "
                                          "memory than this server gives one request); try a smaller scenario"},
                           {"Retry-After": "30"}) from None
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type, headers=reply.headers)

    @app.exception_handler(WebError)
    async def web_error(_request, exc: WebError):
        return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request, exc: RequestValidationError):
        parts = []
        for item in exc.errors():
            where = ".".join(str(x) for x in item.get("loc", ()) if x not in ("body", "query"))
            parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
        return JSONResponse({"error": "invalid request: " + "; ".join(parts)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404:
            message = "not found: see /openapi.json for the API"
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def bug(_request, exc: Exception):  # pragma: no cover - a bug in accord, by definition
        return JSONResponse({"error": f"internal error (a bug in accord): {type(exc).__name__}: {exc}"},
                            status_code=500)

    # -- the API -----------------------------------------------------------------------------------------------

    @app.get("/api/meta", response_model=m.MetaResponse, tags=["workbench"],
             summary="Version, protocols, strategies, limits and which optional features are available")
    async def meta():  # answered here, at once: it never waits behind a computation
        return service.meta_json(limits, track_store)

    @app.get("/api/builtins", response_model=m.BuiltinsResponse, tags=["scenarios"],
             summary="The built-in example scenarios and their variants")
    async def builtins():  # the packaged examples do not change: read once, in a thread, then from memory
        if "json" not in builtins_cache:
            builtins_cache["json"] = await asyncio.to_thread(service.builtins_json)
        return builtins_cache["json"]

    @app.get("/api/builtins/{name}", response_model=m.BuiltinText, tags=["scenarios"],
             summary="The text (YAML) of a built-in scenario, to edit a copy",
             responses={404: {"model": m.ErrorResponse, "description": "No such built-in."}})
    async def builtin(name: str):
        return await asyncio.to_thread(service.builtin_text, name)

    @app.post("/api/validate", dependencies=json_only, response_model=m.ValidateResponse, responses=ERRORS, tags=["scenarios"],
              summary="Validate a scenario (and its variants); summarise its issues, actors and variants")
    async def validate(request: m.Source):
        return await compute(service.validate_json, request, limits)

    @app.post("/api/edit", dependencies=json_only, response_model=m.EditResponse, responses=ERRORS,
              tags=["scenarios"], summary="Change values of a scenario's text by path (the workbench's forms); "
                                          "the edited text, validated, with its comments kept where possible")
    async def edit(request: m.EditRequest):
        return await compute(service.edit_json, request, limits)

    @app.post("/api/analyze", dependencies=json_only, responses=ERRORS, tags=["analysis"],
              summary="ZOPA, blockers, unlocks, Pareto frontier and bargaining solutions (`accord analyze --json`)")
    async def analyze(request: m.AnalyzeRequest):
        return await compute(service.analyze_json, request, limits)

    @app.post("/api/evaluate", dependencies=json_only, responses=ERRORS, tags=["analysis"],
              summary="Score a proposal: utilities, verdicts with reasons, Pareto improvements (`accord evaluate --json`)")
    async def evaluate(request: m.EvaluateRequest):
        return await compute(service.evaluate_json, request, limits)

    @app.post("/api/compare", dependencies=json_only, responses=ERRORS, tags=["analysis"],
              summary="The base scenario and its variants side by side (`accord compare --json`)")
    async def compare(request: m.CompareRequest):
        return await compute(service.compare_json, request, limits)

    @app.post("/api/simulate", dependencies=json_only, responses=ERRORS, tags=["simulation"],
              summary="Play the negotiation out round by round (`accord simulate --json`)")
    async def simulate(request: m.SimulateRequest):
        return await compute(service.simulate_json, request, limits)

    @app.post("/api/forecast", dependencies=json_only, responses={**ERRORS, **NOT_AVAILABLE}, tags=["forecast"],
              summary="Forecast each issue's outcome (`accord forecast --json`)")
    async def forecast(request: m.ForecastRequest):
        return await compute(service.forecast_json, request, limits)

    @app.post("/api/montecarlo", dependencies=json_only, responses={**ERRORS, **NOT_AVAILABLE}, tags=["forecast"],
              summary="Monte Carlo over the scenario's distributions (`accord montecarlo --json`)")
    async def montecarlo(request: m.MonteCarloRequest):
        return await compute(service.montecarlo_json, request, limits)

    def report_response(answer: Response, name: str, variant: str | None) -> Response:
        if answer.status_code != 200:
            return answer
        from ..report.safe_html import policy_of

        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{name}-{variant}" if variant else name)[:120] or "scenario"
        stated = policy_of(bytes(answer.body).decode("utf-8", "replace"))
        answer.headers["Content-Disposition"] = f'attachment; filename="{stem}-briefing.html"'
        answer.headers["Content-Security-Policy"] = f"{stated}; frame-ancestors 'none'" if stated else REPORT_CSP
        return answer

    report_responses: Responses = {200: {"content": {"text/html": {}},
                                         "description": "The briefing, one self-contained HTML file."},
                                   **ERRORS, **NOT_AVAILABLE}

    @app.get("/api/report", response_class=HTMLResponse, responses=report_responses, tags=["report"],
             summary="Download the analyst's briefing (HTML) of a built-in scenario")
    async def report_builtin(builtin: str | None = Query(None, max_length=m.MAX_NAME),
                             variant: str | None = Query(None, max_length=m.MAX_NAME),
                             seed: int = Query(0, ge=0, le=m.MAX_SEED)):
        request = m.ReportRequest(builtin=builtin, variant=variant or None, seed=seed)
        html = await compute(service.report_html, request, limits)
        return report_response(html, builtin or "cairo-talks-2024", variant)

    @app.post("/api/report", dependencies=json_only, response_class=HTMLResponse, responses=report_responses, tags=["report"],
              summary="Download the analyst's briefing (HTML) of any scenario")
    async def report(request: m.ReportRequest):
        html = await compute(service.report_html, request, limits)
        return report_response(html, request.builtin or ("scenario" if request.scenario else "cairo-talks-2024"),
                               request.variant)

    # -- the negotiation store (accord serve --db) ---------------------------------------------------------------

    track_errors: Responses = {
        404: {"model": m.ErrorResponse,
              "description": "No store is attached to this server, or it holds no such negotiation."},
        422: ERRORS[422],
        503: {"model": m.ErrorResponse, "description": "The store could not be read, or the time limit was hit."}}

    @app.get("/api/track", responses={200: {"model": m.TrackListResponse}, **track_errors}, tags=["track"],
             summary="The negotiations in the attached store (`accord track list --json`)")
    async def track_list():
        if track_store is None:
            raise WebError(404, {"error": service.NO_STORE})
        return await compute(service.track_list_at, store)

    @app.get("/api/track/{name}/timeline", responses={200: {"model": m.TimelineResponse}, **track_errors},
             tags=["track"], summary="Per stored version: ZOPA size, blockers, Nash deal, P(ZOPA) "
                                     "(`accord track timeline NAME --json`)")
    async def track_timeline(name: str = PathParam(..., max_length=m.MAX_NAME)):
        if track_store is None:
            raise WebError(404, {"error": service.NO_STORE})
        return await compute(service.track_timeline_at, store, name, limits)

    # -- the page ----------------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def index():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info",
        header_timeout: float = server.HEADER_TIMEOUT, max_connections: int = server.MAX_CONNECTIONS,
        **options: Any) -> None:
    """Serve the workbench with uvicorn (default http://127.0.0.1:8000/; blocks until stopped).

    On a loopback address the server also refuses requests whose Host header
    names another host. Binding elsewhere (``host="0.0.0.0"``) exposes it to
    the network: it has no authentication. A connection must send its request
    head within ``header_timeout`` seconds; beyond ``max_connections`` open
    connections the oldest still waiting for a head are closed
    (:mod:`accord.web.server`); idle keep-alive connections close after
    ``server.KEEP_ALIVE_TIMEOUT`` seconds.
    """
    uvicorn = require("uvicorn", "web", "the web workbench")
    if _is_loopback(host):
        options.setdefault("allowed_hosts", LOOPBACK_HOSTS)
    app = create_app(**options)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                http=server.protocol(header_timeout, max_connections), limit_concurrency=server.HARD_LIMIT,
                timeout_keep_alive=server.KEEP_ALIVE_TIMEOUT)


__all__ = ["Guard", "create_app", "run"]
