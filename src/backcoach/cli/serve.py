"""backcoach serve [--host H] [--port P]"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default BACKCOACH_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default BACKCOACH_PORT or 8000)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from backcoach.settings import Settings

    settings = Settings.from_env()  # where to listen; the server process builds the application itself
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"BackCoach is serving at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    # By name, so the command line does not import the web adapter (the layers stay independent).
    uvicorn.run("backcoach.web.app:create_app", factory=True, host=host, port=port, log_level="warning")
    return 0
