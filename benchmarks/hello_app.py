"""The floor for benchmarks/web.py: a hello-world FastAPI endpoint, served exactly as `backcoach serve` serves
the app (backcoach/cli/serve.py: the same socket, the same uvicorn Config, so the same event loop (uvloop),
HTTP parser (httptools), log level and number of workers).

    python benchmarks/hello_app.py --port P [--workers N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `benchmarks.hello_app` by name, as serve does


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    def hello() -> dict[str, str]:  # a plain `def`, as the app's routes: run in a worker thread
        return {"hello": "world"}

    return app


def main() -> int:
    import uvicorn

    from backcoach.cli.serve import listen

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    listening = listen(args.host, args.port)
    # The same Config as backcoach.cli.serve.run, with this module's factory.
    config = uvicorn.Config("benchmarks.hello_app:create_app", factory=True, host=args.host, port=args.port,
                            log_level="warning", workers=args.workers)
    if args.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[listening]).run()
    else:
        uvicorn.Server(config).run(sockets=[listening])
    return 0


if __name__ == "__main__":
    sys.exit(main())
