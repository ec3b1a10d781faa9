"""About the app: the front-end packages it serves (from npm, copied into static/vendor by
devtools/vendor_assets.py) with their versions and licences. The twin of the page /about/licences."""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi import APIRouter

VENDOR_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static", "vendor")
VENDOR_RECORD = os.path.join(VENDOR_DIR, "VENDOR.json")

router = APIRouter(prefix="/api/v1", tags=["about"])


def front_end_packages() -> list[dict[str, Any]]:
    """Each vendored package: name, version, licence, the files served and its licence files (an empty list when
    the assets were never vendored, e.g. no npm on the machine)."""
    try:
        with open(VENDOR_RECORD, encoding="utf-8") as record:
            packages: dict[str, dict[str, Any]] = json.load(record)
    except FileNotFoundError:
        return []
    return [{"name": name, "version": info.get("version"), "license": info.get("license"),
             "homepage": info.get("homepage"), "files": list(info.get("files", [])),
             "license_files": list(info.get("license_files", []))}
            for name, info in sorted(packages.items())]


@router.get("/about/licences", summary="The front-end packages the pages load, with versions and licences")
def licences() -> dict[str, Any]:
    return {"packages": front_end_packages()}
