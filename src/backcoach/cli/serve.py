"""backcoach serve [--host H] [--port P] [--workers N]"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from backcoach.errors import AddressInUse
from backcoach.settings import MAX_WORKERS

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default BACKCOACH_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default BACKCOACH_PORT or 8000)")
    parser.add_argument("--workers", type=_workers, default=None, metavar="N",
                        help="web worker processes sharing the port (default BACKCOACH_WORKERS, else one per CPU; "
                             "the database is shared, so use PostgreSQL or SQLite on a local disk)")
    parser.set_defaults(handler=run)


def _workers(raw: str) -> int:
    import argparse

    try:
        count = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_WORKERS}")
    return count


WS_MAX_BYTES = 65_536


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from backcoach.settings import Settings

    settings = Settings.from_env()  # where to listen; the server process builds the application itself
    host = args.host or settings.host
    port = args.port or settings.port
    listening = listen(host, port)
    try:
        check_store(settings.effective_database_url)
    except BaseException:
        listening.close()
        raise
    count = args.workers or settings.workers
    workers = f" with {count} workers" if count > 1 else ""
    print(f"BackCoach is serving at http://{host}:{port}/{workers}  (Ctrl+C to stop)", flush=True)
    # By name, so the command line does not import the web adapter (the layers stay independent).
    # A WebSocket message (the camera's frames of body points, about 3 kB) is refused by the server beyond 64 kB
    # before the app reads it (uvicorn's default would take 16 MB).
    config = uvicorn.Config("backcoach.web.app:create_app", factory=True, host=host, port=port, log_level="warning",
                            workers=count, ws_max_size=WS_MAX_BYTES)
    server = uvicorn.Server(config)
    if count > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[listening]).run()
    else:
        server.run(sockets=[listening])
    return 0


def check_store(url: str) -> None:
    """Open (and migrate) the database before serving: a damaged or unwritable one is one clear line now,
    not a traceback at the first request."""
    from backcoach.services.store import Store

    Store(url).close()


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port before anything is announced; a busy port is a clear one-line error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise AddressInUse(f"cannot listen on {host}:{port}: {error.strerror or error}. Another program may be "
                           "using the port: choose another with --port or BACKCOACH_PORT") from None
    sock.set_inheritable(True)
    return sock
