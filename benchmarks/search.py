"""Video search quality and speed, measured side by side in one run.

Quality: the judged queries of search_queries.yaml over a generated 1,000-video catalogue: nDCG@5 and
recall@10 of BackCoach's search against a plain BM25 baseline (bm25s over title, tags and description,
no synonyms, no typo tolerance, no concepts) and chapter accuracy. Goal: nDCG@5 >= 0.80 and >= 1.15x BM25.
Speed: import throughput; median query time in process at 1,000 and 10,000 videos; and the whole
`backcoach videos search` process against `python -c pass` (goal: median under 300 ms).
Scale (10,000 and 100,000 videos; 10,000 only with --quick): `videos import` and `videos search` in their own
processes side by side with SQLite FTS5 over the same titles and descriptions (build rate, search time), `python -c
pass`, the warm search time (index open, as in the web app), peak memory, and a re-import of 1,000 videos.

Independent quality: the judged set in data/search_independent/ (420 videos and queries written by someone who
saw neither the code nor its vocabulary) imported through the normal import path; for each split (tune, report)
nDCG@5 and recall@10 of BackCoach against the same BM25 baseline, per kind, and chapter accuracy. Tune only on the
tune split (`--tune` prints its per-query detail); the report split is for the aggregate lines only. Then the
validation set in data/search_validation/ (449 videos, 76 queries by a second independent writer), which chose
between designs (see its README), with the same figures (`--validation` prints its per-query detail).

    python benchmarks/search.py [--quick] [--tune] [--validation] [--independent-only]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools

from backcoach.services.videos import VideoCatalogue
from backcoach.settings import Settings
from devtools.synthetic_catalog import Truth, generate

QUERIES = Path(__file__).with_name("search_queries.yaml")
INDEPENDENT = Path(__file__).with_name("data") / "search_independent"
VALIDATION = Path(__file__).with_name("data") / "search_validation"


def grade(truth: Truth, spec: dict[str, Any], not_kinds: list[str]) -> int:
    for level in (2, 1):
        criteria = spec.get(f"grade{level}")
        if criteria and truth.kind not in not_kinds and _meets(truth, criteria):
            return level
    return 0


def _meets(truth: Truth, criteria: dict[str, Any]) -> bool:
    body = criteria.get("body")
    checks = [
        body is None or truth.body_part in ([body] if isinstance(body, str) else body),
        "conditions" not in criteria or truth.condition in criteria["conditions"],
        "kinds" not in criteria or truth.kind in criteria["kinds"],
        "positions" not in criteria or truth.position in criteria["positions"],
        "audience" not in criteria or truth.audience in criteria["audience"],
        "exercises" not in criteria or bool(set(truth.exercises) & set(criteria["exercises"])),
        "max_minutes" not in criteria or truth.duration <= criteria["max_minutes"] * 60,
    ]
    return all(checks)


def ndcg(grades: list[int], ideal: list[int], k: int = 5) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(grades) / best if best else 0.0


def recall(found: list[str], relevant: set[str], k: int = 10) -> float:
    return len(set(found[:k]) & relevant) / min(k, len(relevant)) if relevant else 0.0


class Baseline:
    """Plain BM25 (bm25s) over title + tags + description."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        import bm25s

        self._ids = [r["id"] for r in records]
        corpus = [" ".join([r["title"], " ".join(r.get("tags") or []), r.get("description") or ""])
                  for r in records]
        self._retriever = bm25s.BM25()
        self._retriever.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False)
        self._tokenize = bm25s.tokenize

    def search(self, text: str, k: int = 10) -> list[str]:
        tokens = self._tokenize([text], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, scores = self._retriever.retrieve(tokens, k=min(k, len(self._ids)), show_progress=False)
        return [self._ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def import_catalogue(pairs: list[tuple[dict[str, Any], Truth]], folder: str) -> tuple[VideoCatalogue, float]:
    from backcoach.bootstrap import bootstrap

    os.environ["BACKCOACH_DATA_DIR"] = folder
    catalogue = bootstrap(Settings.from_env()).videos
    text = "\n".join(json.dumps(record) for record, _ in pairs)
    started = time.perf_counter()
    catalogue.import_text(text, "catalogue.jsonl")
    return catalogue, len(pairs) / (time.perf_counter() - started)


def quality(pairs: list[tuple[dict[str, Any], Truth]], catalogue: VideoCatalogue) -> None:
    spec = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    truths = {truth.video_id: truth for _, truth in pairs}
    baseline = Baseline([record for record, _ in pairs])
    from backcoach.services.meaning import available as semantic_available

    fused = semantic_available()
    product_ndcg, base_ndcg, product_recall, base_recall, chapters, fused_ndcg = [], [], [], [], [], []
    print(f"{'query':<48} {'nDCG@5':>7} {'BM25':>6}" + (f" {'+embed':>7}" if fused else ""))
    for query in spec["queries"]:
        not_kinds = query.get("not_kinds", spec["defaults"]["not_kinds"])
        grades = {vid: grade(t, query, not_kinds) for vid, t in truths.items()}
        relevant = {vid for vid, g in grades.items() if g == 2}
        results = catalogue.search(query["q"], limit=10)
        found = [r["video_id"] for r in results]
        plain = baseline.search(query["q"])
        product_ndcg.append(ndcg([grades[v] for v in found], list(grades.values())))
        base_ndcg.append(ndcg([grades[v] for v in plain], list(grades.values())))
        product_recall.append(recall(found, relevant))
        base_recall.append(recall(plain, relevant))
        if "chapter" in query:
            chapters.extend(_chapter_hits(results, truths, query["chapter"]))
        line = f"{query['q'][:48]:<48} {product_ndcg[-1]:7.3f} {base_ndcg[-1]:6.3f}"
        if fused:
            meaning = [r["video_id"] for r in catalogue.search(query["q"], limit=10, semantic=True)]
            fused_ndcg.append(ndcg([grades[v] for v in meaning], list(grades.values())))
            line += f" {fused_ndcg[-1]:7.3f}"
        print(line)
    mean_product, mean_base = statistics.mean(product_ndcg), statistics.mean(base_ndcg)
    print(f"\n{len(product_ndcg)} judged queries over {len(pairs)} videos")
    print(f"nDCG@5     BackCoach {mean_product:.3f}  plain BM25 {mean_base:.3f}  ratio {mean_product / mean_base:.2f}x"
          f"  (goal >= 0.80 and >= 1.15x)")
    print(f"recall@10  BackCoach {statistics.mean(product_recall):.3f}  plain BM25 {statistics.mean(base_recall):.3f}")
    if fused_ndcg:
        print(f"nDCG@5 with embeddings fused (--semantic): {statistics.mean(fused_ndcg):.3f}")
    if chapters:
        print(f"chapter accuracy {sum(chapters) / len(chapters):.3f} ({sum(chapters)}/{len(chapters)} results that "
              "hold the exercise in a chapter start at that chapter)")


def _chapter_hits(results: list[dict[str, Any]], truths: dict[str, Truth], exercise: str) -> list[bool]:
    hits = []
    for found in results:
        starts = [c["start_seconds"] for c in truths[found["video_id"]].chapters if c["exercise_id"] == exercise]
        if starts:
            hits.append(found["start_seconds"] in starts)
    return hits


def speed(count: int, runs: int) -> None:
    from backcoach.services.meaning import available as semantic_available

    pairs = generate(count, seed=11)
    with tempfile.TemporaryDirectory() as folder:
        catalogue, throughput = import_catalogue(pairs, folder)
        catalogue.index()
        queries = [q["q"] for q in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]]
        in_process = []
        for text in queries:
            started = time.perf_counter()
            catalogue.search(text, limit=10)
            in_process.append((time.perf_counter() - started) * 1000)
        env = {**os.environ, "BACKCOACH_DATA_DIR": folder}
        command = [sys.executable, "-m", "backcoach", "videos", "search", "sciatica stretches in bed", "--json"]
        process, python, meaning = [], [], []
        for _ in range(runs):
            python.append(_timed([sys.executable, "-c", "pass"], env))
            process.append(_timed(command, env))
        if semantic_available():
            _timed([*command, "--semantic"], env)  # computes and caches the video vectors once
            meaning = [_timed([*command, "--semantic"], env) for _ in range(3)]
    print(f"{count:>6} videos: import {throughput:7.0f} videos/s; query in process median "
          f"{statistics.median(in_process):6.1f} ms; whole `videos search` process median "
          f"{statistics.median(process):6.0f} ms (python -c pass {statistics.median(python):4.0f} ms, "
          f"ratio {statistics.median(process) / statistics.median(python):4.1f}x; goal < 300 ms)")
    if meaning:
        print(f"{'':>15}with --semantic (loads the embedding model): median "
              f"{statistics.median(meaning):6.0f} ms")


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - started) * 1000


FTS5_BUILD = """
import json, sqlite3, sys, time
started = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as handle:
    rows = [json.loads(line) for line in handle if line.strip()]
connection = sqlite3.connect(sys.argv[2])
connection.execute("CREATE VIRTUAL TABLE videos USING fts5(video_id UNINDEXED, title, description)")
connection.executemany("INSERT INTO videos VALUES (?, ?, ?)",
                       ((r["id"], r["title"], r.get("description") or "") for r in rows))
connection.commit()
print(len(rows) / (time.perf_counter() - started))
"""
FTS5_SEARCH = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
print(connection.execute("SELECT video_id, title FROM videos WHERE videos MATCH ? ORDER BY bm25(videos) LIMIT 10",
                         (" OR ".join(sys.argv[2].split()),)).fetchall())
"""
PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print((time.perf_counter() - started) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
SCALE_QUERY = "sciatica stretches in bed"


def scale(count: int, runs: int) -> None:
    """A large catalogue imported through `backcoach videos import` and searched by `backcoach videos search`,
    side by side with SQLite FTS5 over the same titles and descriptions (each in its own process), then a
    second import of 1,000 new or changed videos (the index is updated for those only)."""
    from devtools.synthetic_catalog import write_catalog

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BACKCOACH_DATA_DIR": folder}
        catalogue_file, fts_file = os.path.join(folder, "catalogue.jsonl"), os.path.join(folder, "fts.sqlite")
        write_catalog(catalogue_file, count, seed=11)
        fts_rate = float(subprocess.run([sys.executable, "-c", FTS5_BUILD, catalogue_file, fts_file], check=True,
                                        capture_output=True, text=True).stdout)
        import_ms, import_peak = _peak([sys.executable, "-m", "backcoach", "videos", "import", catalogue_file,
                                        "--json"], env)
        command = [sys.executable, "-m", "backcoach", "videos", "search", SCALE_QUERY, "--json"]
        process, python, fts, peaks = [], [], [], []
        for _ in range(runs):
            python.append(_timed([sys.executable, "-c", "pass"], env))
            elapsed, peak = _peak(command, env)
            process.append(elapsed)
            peaks.append(peak)
            fts.append(_timed([sys.executable, "-c", FTS5_SEARCH, fts_file, SCALE_QUERY], env))
        warm, agreement = _warm(folder)
        update_rate = _update(folder, catalogue_file, count, env)
    rate = count / (import_ms / 1000)
    whole, bare, other = (statistics.median(values) for values in (process, python, fts))
    print(f"{count:>7} videos, whole `videos search` process median {whole:5.0f} ms (goal < 300 ms): "
          f"{whole / bare:4.1f}x `python -c pass` ({bare:3.0f} ms), {whole / other:4.1f}x FTS5 in its own process "
          f"({other:3.0f} ms); warm (index open, judged queries) median {statistics.median(warm):5.1f} ms, "
          f"slowest {max(warm):5.1f} ms (goal < 50 ms)")
    print(f"{'':>15}import {rate:6.0f} videos/s (tag, store, index) against an FTS5 build {fts_rate:6.0f} rows/s: "
          f"{fts_rate / rate:4.1f}x slower (goal within 5x); peak memory: import {import_peak:4.0f} MB, search "
          f"{max(peaks):3.0f} MB (goal < 500 MB); re-import of 1,000 new or changed videos {update_rate:5.0f} "
          f"videos/s (the index updated for those only)")
    print(f"{'':>15}{agreement}")


def _peak(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(milliseconds, peak resident memory in MB) of a command run in its own process."""
    measured = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True,
                              env=env).stdout.split()
    return float(measured[0]), float(measured[1])


def _warm(folder: str) -> tuple[list[float], str]:
    """Warm search times over the judged queries, and how far the bounded search (champions, best videos per
    concept) agrees with an exhaustive one over the same index."""
    from backcoach.bootstrap import bootstrap
    from backcoach.catalog import index, lexical

    os.environ["BACKCOACH_DATA_DIR"] = folder
    application = bootstrap(Settings.from_env())
    catalogue = application.videos
    catalogue.search("back pain", limit=1)
    queries = [query["q"] for query in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]]
    times, cpu, bounded = [], [], []
    for text in queries:
        started, used = time.perf_counter(), time.process_time()
        bounded.append([r["video_id"] for r in catalogue.search(text, limit=10)])
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    limits = lexical.BOUNDED_FROM, index.CONCEPT_DEPTH
    lexical.BOUNDED_FROM, index.CONCEPT_DEPTH = 10**9, 10**9
    try:
        exhaustive = [[r["video_id"] for r in catalogue.search(text, limit=10)] for text in queries]
    finally:
        lexical.BOUNDED_FROM, index.CONCEPT_DEPTH = limits
    application.close()
    overlap = statistics.mean(len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(bounded, exhaustive, strict=True))
    first = sum(a[:1] == b[:1] for a, b in zip(bounded, exhaustive, strict=True))
    return times, (f"warm CPU time median {statistics.median(cpu):4.1f} ms, slowest {max(cpu):4.1f} ms (the wall time "
                   f"above includes waiting for a core); bounded search against reading everything: top-10 overlap "
                   f"{overlap:.2f}, same first result {first}/{len(queries)}")


def _update(folder: str, catalogue_file: str, count: int, env: dict[str, str]) -> float:
    """1,000 videos: half new, half already there with a new title."""
    import json

    from devtools.synthetic_catalog import generate

    changed = []
    for number, (generated, _) in enumerate(generate(1000, seed=12)):
        if number % 2:
            record = {**generated, "id": f"syn{number * (count // 1000):07d}", "title": generated["title"] + " again"}
        else:
            record = {**generated, "id": f"new{number:07d}"}
        changed.append(json.dumps(record))
    update_file = os.path.join(folder, "update.jsonl")
    Path(update_file).write_text("\n".join(changed), encoding="utf-8")
    elapsed, _ = _peak([sys.executable, "-m", "backcoach", "videos", "import", update_file, "--json"], env)
    return 1000 / (elapsed / 1000)


def independent(tune: bool, validation: bool) -> None:
    """The independent judged set, each split reported on its own (only the tune split is ever detailed), then
    the validation set (a second writer's; see its README for how it was used)."""
    with _imported(INDEPENDENT / "catalogue.jsonl") as (catalogue, baseline):
        for split in ("tune", "report"):
            queries = yaml.safe_load((INDEPENDENT / f"queries_{split}.yaml").read_text(encoding="utf-8"))
            _split_quality(split, queries, catalogue, baseline, detail=tune and split == "tune")
    with _imported(VALIDATION / "catalogue.jsonl") as (catalogue, baseline):
        queries = json.loads((VALIDATION / "queries.json").read_text(encoding="utf-8"))
        _split_quality("validation", queries, catalogue, baseline, detail=validation)


@contextlib.contextmanager
def _imported(path: Path) -> Iterator[tuple[VideoCatalogue, Baseline]]:
    """A judged catalogue imported through the normal import path into a fresh data folder, and its baseline."""
    from backcoach.bootstrap import bootstrap

    text = path.read_text(encoding="utf-8")
    baseline = Baseline([json.loads(line) for line in text.splitlines() if line.strip()])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BACKCOACH_DATA_DIR"] = folder
        catalogue = bootstrap(Settings.from_env()).videos
        catalogue.import_text(text, path.name)
        yield catalogue, baseline


def _split_quality(split: str, queries: list[dict[str, Any]], catalogue: VideoCatalogue, baseline: Baseline, *,
                   detail: bool) -> None:
    from backcoach.services.meaning import available as semantic_available

    fused = semantic_available()
    rows: list[dict[str, Any]] = []
    for query in queries:
        judged: dict[str, int] = {str(k): int(v) for k, v in query["judgments"].items()}
        results = catalogue.search(query["query"], limit=10)
        found = [r["video_id"] for r in results]
        plain = baseline.search(query["query"])
        relevant = {v for v, g in judged.items() if g >= 2}
        row = {"kind": query["kind"],
               "ndcg": ndcg([judged.get(v, 0) for v in found], list(judged.values())),
               "bm25": ndcg([judged.get(v, 0) for v in plain], list(judged.values())),
               "recall": recall(found, relevant), "bm25_recall": recall(plain, relevant)}
        if "chapter" in query:
            row["chapter"] = _chapter_right(results, query["chapter"])
        if fused:
            meaning = [r["video_id"] for r in catalogue.search(query["query"], limit=10, semantic=True)]
            row["embed"] = ndcg([judged.get(v, 0) for v in meaning], list(judged.values()))
        rows.append(row)
        if detail:
            top = " ".join(f"{v}:{judged.get(v, 0)}" for v in found[:5])
            print(f"  {query['id']} {row['ndcg']:.2f} (BM25 {row['bm25']:.2f}) [{query['kind']}] {query['query']}\n"
                  f"      {top}" + (f"  chapter {row['chapter']}" if "chapter" in row else ""))
    _summary(split, rows)


def _chapter_right(results: list[dict[str, Any]], chapter: dict[str, Any]) -> str:
    """'top': the top result is the judged video, opened at the judged chapter; 'listed': the judged video is in
    the results and opens at that chapter; 'wrong' otherwise."""
    start = int(chapter["start_time"])
    for position, found in enumerate(results):
        if found["video_id"] == chapter["video_id"]:
            if (found["start_seconds"] or 0) == start:
                return "top" if position == 0 else "listed"
            return "wrong"
    return "wrong"


def _summary(split: str, rows: list[dict[str, Any]]) -> None:
    mean = statistics.mean
    product, plain = mean(r["ndcg"] for r in rows), mean(r["bm25"] for r in rows)
    print(f"independent {split:<10} ({len(rows)} queries): nDCG@5 BackCoach {product:.3f}  BM25 {plain:.3f}  "
          f"ratio {product / plain:.2f}x; recall@10 BackCoach {mean(r['recall'] for r in rows):.3f}  "
          f"BM25 {mean(r['bm25_recall'] for r in rows):.3f}")
    if all("embed" in r for r in rows):
        print(f"   nDCG@5 with embeddings fused (--semantic): {mean(r['embed'] for r in rows):.3f}")
    kinds = sorted({r["kind"] for r in rows})
    print("   per kind nDCG@5 (BackCoach / BM25): " + "; ".join(
        f"{kind} {mean(r['ndcg'] for r in rows if r['kind'] == kind):.2f}/"
        f"{mean(r['bm25'] for r in rows if r['kind'] == kind):.2f}" for kind in kinds))
    for label, chosen in (("chapter queries", [r for r in rows if r["kind"] == "chapter"]),
                          ("all with a judged chapter", [r for r in rows if "chapter" in r])):
        if chosen:
            top = sum(r["chapter"] == "top" for r in chosen)
            listed = sum(r["chapter"] != "wrong" for r in chosen)
            print(f"   chapter accuracy, {label}: top result at the judged chapter {top}/{len(chosen)}; "
                  f"judged video listed at that chapter {listed}/{len(chosen)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer timing runs, no 10,000-video catalogue")
    parser.add_argument("--tune", action="store_true", help="per-query detail of the independent TUNE split")
    parser.add_argument("--validation", action="store_true", help="per-query detail of the validation set")
    parser.add_argument("--independent-only", action="store_true", help="only the independent judged sets")
    args = parser.parse_args()
    independent(args.tune, args.validation)
    if args.independent_only:
        return 0
    print()
    pairs = generate(1000, seed=7)
    with tempfile.TemporaryDirectory() as folder:
        catalogue, _ = import_catalogue(pairs, folder)
        quality(pairs, catalogue)
    print()
    for count in (1000,) if args.quick else (1000, 10_000):
        speed(count, 5 if args.quick else 15)
    print()
    for count in (10_000,) if args.quick else (10_000, 100_000):
        scale(count, 5 if args.quick else 11)
    return 0


if __name__ == "__main__":
    sys.exit(main())
