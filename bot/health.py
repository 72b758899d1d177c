"""/metrics, /healthz and /readyz on the bot's HTTP server."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.http_server import HttpServer
from bot.store import Store

ReadinessCheck = Callable[[], bool]


def add_health_routes(http: HttpServer, store: Store, platforms: Mapping[str, ReadinessCheck]) -> None:
    """Serve /metrics, /healthz (alive) and /readyz (Redis and every platform ready, else 503)."""

    async def metrics(request: web.Request) -> web.Response:
        response = web.Response(body=generate_latest())
        response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
        return response

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(request: web.Request) -> web.Response:
        checks = {"redis": await store.ping(), **{name: check() for name, check in platforms.items()}}
        return web.json_response(
            {"ready": all(checks.values()), "checks": checks}, status=200 if all(checks.values()) else 503
        )

    http.add_route("GET", "/metrics", metrics)
    http.add_route("GET", "/healthz", healthz)
    http.add_route("GET", "/readyz", readyz)
