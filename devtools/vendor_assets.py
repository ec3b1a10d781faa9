"""Copy the front-end assets the app serves from npm's node_modules into the static folder, with each
package's version and licence recorded in static/vendor/VENDOR.json (run by the Makefile after `npm ci`).
Nothing is loaded from a CDN at run time."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "backcoach" / "web" / "static" / "vendor"
# package -> the files the pages load (paths inside the package)
SERVED = {
    "htmx.org": ["dist/htmx.min.js"],
    "chart.js": ["dist/chart.umd.min.js"],
    "chartjs-plugin-annotation": ["dist/chartjs-plugin-annotation.min.js"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css"],
    # The session page's camera form check: the solution's script, its WebAssembly (with and without SIMD), the
    # packed graph and the full landmark model (model_complexity 1). pose.js asks for them by name through
    # locateFile, pointed at this folder; the heavy model (27 MB) is left out.
    "@mediapipe/pose": ["pose.js", "pose_solution_packed_assets_loader.js", "pose_solution_packed_assets.data",
                        "pose_solution_simd_wasm_bin.js", "pose_solution_simd_wasm_bin.wasm",
                        "pose_solution_simd_wasm_bin.data", "pose_solution_wasm_bin.js",
                        "pose_solution_wasm_bin.wasm", "pose_web.binarypb", "pose_landmark_full.tflite"],
}
LICENCE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "NOTICE")


def vendor(package: str, files: list[str]) -> dict[str, object]:
    source = MODULES / package
    manifest = json.loads((source / "package.json").read_text(encoding="utf-8"))
    target = VENDOR / package
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in files:
        shutil.copyfile(source / name, target / Path(name).name)
        copied.append(f"/static/vendor/{package}/{Path(name).name}")
    licences = [name for name in LICENCE_FILES if (source / name).is_file()]
    for name in licences:
        shutil.copyfile(source / name, target / name)
    return {"version": manifest["version"], "license": manifest.get("license"), "files": copied,
            "license_files": [f"/static/vendor/{package}/{name}" for name in licences],
            "homepage": manifest.get("homepage")}


def main() -> int:
    missing = [package for package in SERVED if not (MODULES / package / "package.json").is_file()]
    if missing:
        print(f"vendor_assets: run `npm ci` first ({', '.join(missing)} not in node_modules)", file=sys.stderr)
        return 2
    record = {package: vendor(package, files) for package, files in SERVED.items()}
    (VENDOR / "VENDOR.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"vendored {len(record)} front-end packages into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
