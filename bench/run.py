"""Benchmark: build, reload, cold start, answer latency and memory at 1k–100k paragraphs,
side by side with SQLite FTS5 and a plain rank_bm25 get_scores over every paragraph.

    python -m bench.run                       # 1k, 10k, 100k; writes bench/RESULTS.md
    python -m bench.run --sizes 1000 10000    # a quicker run
    python -m bench.run --unique-sizes        # without the unique-paragraph corpus

The synthetic corpus repeats paragraphs (with other names and figures), so the segmentation
cache serves nearly all of them; the unique-paragraph corpus (`--unique-sizes`, 100k by
default) has every paragraph segmented, for the build time and memory of a real corpus.

Each phase runs in a fresh subprocess so timings and peak RSS are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
SEED = 20261122


def questions(n: int = 300, seed: int = SEED) -> list[str]:
    """Varied questions: with and without diacritics, with and without province/year."""
    from bot.provinces import OLD_PROVINCES
    from bot.text import fold

    topics = [
        "mục tiêu",
        "hỗ trợ thành lập mới HTX",
        "doanh thu bình quân HTX",
        "thu nhập bình quân thành viên",
        "số hợp tác xã",
        "tổ hợp tác",
        "liên hiệp HTX",
        "Nghị định 193",
        "chuỗi giá trị",
        "ứng dụng công nghệ cao",
        "sản phẩm OCOP",
        "cán bộ quản lý trình độ đại học",
        "chuyển đổi số",
        "kinh tế tập thể",
        "vốn điều lệ",
        "khó khăn của HTX nông nghiệp",
        "quyết định 332",
        "kế hoạch 248/KH-UBND",
        "tỷ lệ HTX khá tốt",
        "đào tạo bồi dưỡng cán bộ",
    ]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        q = rng.choice(topics)
        if rng.random() < 0.5:
            q = f"{rng.choice(OLD_PROVINCES).name} {q}"
        if rng.random() < 0.4:
            q = f"{q} {rng.randint(2018, 2026)}"
        if rng.random() < 0.4:
            q = fold(q)
        out.append(q)
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _config(corpus: Path, index: Path):
    from bot.config import load_config

    return replace(load_config(REPO / "config.toml", env={}), corpus_dir=corpus, index_dir=index)


# --- phases (each in its own process) -------------------------------------------------------


def phase_build(corpus: Path, index: Path) -> dict:
    from bot.engine import Engine

    shutil.rmtree(index, ignore_errors=True)
    t = time.perf_counter()
    report = Engine(_config(corpus, index)).reload()
    return {
        "build_s": time.perf_counter() - t,
        "articles": report.articles,
        "paragraphs": report.paragraphs,
        "cache_hits": report.cache_hits,
        "build_rss_mb": peak_rss_mb(),
        # each segmentation worker (a separate process; its own underthesea and batch)
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def phase_reload(corpus: Path, index: Path) -> dict:
    from bot.engine import Engine

    engine = Engine(_config(corpus, index))
    engine.open()
    target = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "Hợp tác xã thí điểm nuôi tôm càng xanh kết hợp trồng lúa hữu cơ đạt hiệu quả cao."
    body = (
        text.replace(marker + "\n\n", "")
        if marker in text
        else text.replace("\n\n", f"\n\n{marker}\n\n", 2)
    )
    target.write_text(body, encoding="utf-8")
    # Right after start a reload first reads the provinces' records not read yet; the steady
    # figure is a reload once they are (the engine reads them in the background).
    t = time.perf_counter()
    report = engine.reload()
    first = time.perf_counter() - t
    engine.warmed()
    target.write_text(text, encoding="utf-8")
    t = time.perf_counter()
    engine.reload()
    return {
        "reload_one_s": time.perf_counter() - t,
        "reload_first_s": first,
        "reload_segmented": report.segmented,
    }


def phase_query(corpus: Path, index: Path, n: int) -> dict:
    from bot.engine import Engine

    t = time.perf_counter()
    engine = Engine(_config(corpus, index))
    assert engine.open() is None, "the persisted index was not loaded"
    cold = time.perf_counter() - t
    lat = []
    answered = 0
    for q in questions(n):
        t = time.perf_counter()
        a = engine.ask(q, 3)
        lat.append((time.perf_counter() - t) * 1000)
        answered += a.answered
    # The questions above ran while the records were still being read (each first question
    # about a province reads its own); the steady figures are once every province is read.
    engine.warmed()
    warm = []
    for q in questions(n):
        t = time.perf_counter()
        engine.ask(q, 3)
        warm.append((time.perf_counter() - t) * 1000)
    return {
        "cold_start_s": cold,
        "first_p95_ms": _p95(lat),
        "answer_median_ms": statistics.median(warm),
        "answer_p95_ms": _p95(warm),
        "answered": answered / len(lat),
        "serve_rss_mb": peak_rss_mb(),
    }


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def phase_fts5(corpus: Path, index: Path, n: int) -> dict:
    """SQLite FTS5 with unicode61 remove_diacritics 2 over the same paragraphs and questions."""
    from bot.corpus_load import load_corpus
    from bot.text import fold

    articles, _ = load_corpus(corpus)
    db = OUT / "fts5.db"
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    t = time.perf_counter()
    con.execute(
        "CREATE VIRTUAL TABLE p USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    con.executemany(
        "INSERT INTO p(title, body) VALUES (?, ?)",
        ((f"{a.title} {a.province or ''}", p.text) for a in articles for p in a.paragraphs),
    )
    con.commit()
    build = time.perf_counter() - t
    lat = []
    for q in questions(n):
        words = [w for w in fold(q).replace("/", " ").replace("-", " ").split() if w.isalnum()]
        match = " OR ".join(f'"{w}"' for w in words) or '""'
        t = time.perf_counter()
        con.execute(
            "SELECT rowid FROM p WHERE p MATCH ? ORDER BY rank LIMIT 3", (match,)
        ).fetchall()
        lat.append((time.perf_counter() - t) * 1000)
    con.close()
    return {
        "fts5_build_s": build,
        "fts5_median_ms": statistics.median(lat),
        "fts5_p95_ms": _p95(lat),
    }


def phase_plain(corpus: Path, index: Path, n: int) -> dict:
    """rank_bm25.BM25Okapi.get_scores over every paragraph, same terms as coopbot."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    from bot.engine import Engine
    from bot.terms import query_terms

    engine = Engine(_config(corpus, index))
    assert engine.open() is None, "the persisted index was not loaded"
    idx = engine.snapshot.index
    docs = idx.doc_term_lists()
    t = time.perf_counter()
    bm25 = BM25Okapi(docs)
    build = time.perf_counter() - t
    del docs
    lat, same = [], 0
    qs = questions(n)[: max(20, n // 5)]  # full scoring is slow: a fifth of the questions
    for q in qs:
        terms, _ = query_terms(q, idx.vocabulary)
        t = time.perf_counter()
        scores = bm25.get_scores(terms)
        top = np.argsort(-scores, kind="stable")[:10]
        lat.append((time.perf_counter() - t) * 1000)
        mine, _ = idx.rank(terms, 10)
        same += mine.tolist() == [d for d in top.tolist() if scores[d] > 0]
    return {
        "plain_build_s": build,
        "plain_median_ms": statistics.median(lat),
        "plain_p95_ms": _p95(lat),
        "top10_equal": f"{same}/{len(qs)}",
    }


PHASES = {
    "build": phase_build,
    "reload": phase_reload,
    "query": phase_query,
    "fts5": phase_fts5,
    "plain": phase_plain,
}


def run_phase(name: str, corpus: Path, index: Path, n: int) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "bench.run",
        "--phase",
        name,
        "--corpus",
        str(corpus),
        "--index",
        str(index),
        "--questions",
        str(n),
    ]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--phase", choices=list(PHASES))
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--unique-sizes", type=int, nargs="*", default=[100_000])
    ap.add_argument("--skip-plain-above", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    ap.add_argument("--json", type=Path, default=OUT / "results.json", help="rows as JSON")
    args = ap.parse_args()
    if args.phase:
        fn = PHASES[args.phase]
        result = (
            fn(args.corpus, args.index)
            if args.phase in ("build", "reload")
            else fn(args.corpus, args.index, args.questions)
        )
        print(json.dumps(result))
        return 0

    from bench.synth import generate

    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    runs = [(size, False) for size in args.sizes] + [(size, True) for size in args.unique_sizes]
    for size, unique in runs:
        name = f"{size}-unique" if unique else str(size)
        corpus, index = OUT / f"corpus-{name}", OUT / f"index-{name}"
        shutil.rmtree(corpus, ignore_errors=True)
        generate(REPO / "corpus", corpus, size, seed=SEED, unique=unique)
        row = {"paragraphs_target": size, "unique": unique}
        # The unique corpus measures what segmentation costs; the engines comparison and the
        # full-scoring check do not depend on it.
        phases = ("build", "query", "reload") if unique else ("build", "query", "reload", "fts5")
        for phase in phases:
            print(f"[{name}] {phase} …", file=sys.stderr, flush=True)
            row |= run_phase(phase, corpus, index, args.questions)
        if not unique and size <= args.skip_plain_above:
            print(f"[{name}] plain …", file=sys.stderr, flush=True)
            row |= run_phase("plain", corpus, index, args.questions)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    table = render(rows, args.questions)
    print(table)
    write_results(args.out, table)
    return 0


BEGIN = "<!-- bench.run: begin (rewritten by python -m bench.run) -->"
END = "<!-- bench.run: end -->"


def write_results(out: Path, table: str) -> None:
    """Replace only the part of `out` between BEGIN and END with the tables of `table`; the
    sections written by hand or by other benchmarks (bench.retrieval_ablation's) are kept. A
    file without the markers is written whole."""
    try:
        old = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    if BEGIN in old and END in old.split(BEGIN, 1)[1]:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        tables = table[table.index(BEGIN) : table.index(END)]
        out.write_text(f"{head}{tables}{END}{tail}", encoding="utf-8")
    else:
        out.write_text(table, encoding="utf-8")


def render(rows: list[dict], n: int) -> str:
    def f(v, fmt="{:.2f}"):
        return fmt.format(v) if isinstance(v, int | float) else str(v)

    lines = [
        "# coopbot benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Synthetic corpus from the seed articles (`bench/synth.py`, seed {SEED}); {n} questions "
        "(with/without diacritics, with/without province and year). Run: `python -m bench.run`.",
        "",
        BEGIN,
        "| corpus | paragraphs | articles | full build s | segment cache hits | reload 1 article s "
        "(first after start) | cold start s | answer median ms | answer p95 ms (first 300 after "
        "start) | peak RSS serve MB | peak RSS build MB | peak RSS per build worker MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {'unique' if r.get('unique') else 'repeated'} "
            f"| {r['paragraphs']} | {r['articles']} | {f(r['build_s'])} | {r['cache_hits']} "
            f"| {f(r['reload_one_s'])} ({f(r.get('reload_first_s', '—'))}) "
            f"| {f(r['cold_start_s'])} | {f(r['answer_median_ms'])} "
            f"| {f(r['answer_p95_ms'])} ({f(r.get('first_p95_ms', '—'))}) | {f(r['serve_rss_mb'], '{:.0f}')} | {f(r['build_rss_mb'], '{:.0f}')} "
            f"| {f(r.get('worker_rss_mb', '—'), '{:.0f}')} |"
        )
    lines += [
        "",
        "Same corpus and questions, other engines (ratio = other / coopbot, answer latency):",
        "",
        "| paragraphs | FTS5 build s | FTS5 median ms | FTS5 p95 ms | p95 FTS5/coopbot "
        "| plain rank_bm25 median ms | plain p95 ms | p95 plain/coopbot | top-10 equal to plain |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in (r for r in rows if "fts5_build_s" in r):
        plain = "plain_p95_ms" in r
        lines.append(
            f"| {r['paragraphs']} | {f(r['fts5_build_s'])} | {f(r['fts5_median_ms'])} | {f(r['fts5_p95_ms'])} "
            f"| {f(r['fts5_p95_ms'] / r['answer_p95_ms'])} "
            f"| {f(r['plain_median_ms']) if plain else '—'} | {f(r['plain_p95_ms']) if plain else '—'} "
            f"| {f(r['plain_p95_ms'] / r['answer_p95_ms']) if plain else '—'} | {r.get('top10_equal', '—')} |"
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
