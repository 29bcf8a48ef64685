"""Before/after of a storage change at one corpus size: cold start, the first answers after
it, answer latency once every record is read, serving RSS and the reload of one article
(right after the start, and once the records are read), for several checkouts of coopbot run in
turn (round-robin, each phase in a fresh process started in that checkout), so the machine's
load falls on all of them alike.

    python -m bench.store_ab --code before=/tmp/before --code after=. \\
        --corpus before=/tmp/corpus-before --corpus after=/tmp/corpus-after \\
        --index before=/tmp/index-before --index after=/tmp/index-after --rounds 5

Each checkout gets its own copy of the corpus and its own built index (the reload phase edits
one article of its corpus, as `bench.run` does, and leaves index and corpus in step)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

# Run in the checkout's folder, so `bot` and `bench` are that checkout's.
QUERY = r"""
import json, resource, statistics, sys, time
from pathlib import Path
t0 = time.perf_counter()
from bench.run import _config, questions
from bot.engine import Engine
imported = time.perf_counter() - t0
t = time.perf_counter()
engine = Engine(_config(Path(sys.argv[1]), Path(sys.argv[2])))
assert engine.open() is None, "the persisted index was not loaded"
cold = time.perf_counter() - t
def asked():
    lat = []
    for q in questions(300):
        s = time.perf_counter()
        engine.ask(q, 3)
        lat.append((time.perf_counter() - s) * 1000)
    return lat
lat = asked()  # the first 300 after the start
first10 = cold + sum(lat[:10]) / 1000
first300 = cold + sum(lat) / 1000
getattr(engine, "warmed", lambda: True)()  # an index whose records are read in the background
steady = sorted(asked())
lat.sort()  # p95 as bench.run computes it
engine.close()
p95 = lambda xs: xs[max(0, int(round(0.95 * len(xs))) - 1)]
print(json.dumps({
    "cold_start_s": cold, "first_10_answers_s": first10, "first_300_answers_s": first300,
    "first_p95_ms": p95(lat),
    "answer_median_ms": statistics.median(steady),
    "answer_p95_ms": p95(steady),
    "serve_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

RELOAD = r"""
import json, sys, time
from pathlib import Path
from bench.run import _config
from bot.engine import Engine
corpus = Path(sys.argv[1])
engine = Engine(_config(corpus, Path(sys.argv[2])))
engine.open()
files = sorted(corpus.glob("*.txt"))
target = files[len(files) // 2]
text = target.read_text(encoding="utf-8")
marker = "Hợp tác xã thí điểm nuôi tôm càng xanh kết hợp trồng lúa hữu cơ đạt hiệu quả cao."
def edit():
    body = target.read_text(encoding="utf-8")
    body = (
        body.replace(marker + "\n\n", "")
        if marker in body
        else body.replace("\n\n", f"\n\n{marker}\n\n", 2)
    )
    target.write_text(body, encoding="utf-8")
    t = time.perf_counter()
    report = engine.reload()
    assert report.segmented == 1
    return time.perf_counter() - t
first = edit()  # right after the start
getattr(engine, "warmed", lambda: True)()
steady = edit()  # once the records are read (the edit undone: corpus and index in step)
engine.close()
print(json.dumps({"reload_one_s": steady, "reload_first_s": first}))
"""


def _pairs(values: list[str]) -> dict[str, str]:
    return dict(v.split("=", 1) for v in values)


def run(code: Path, script: str, corpus: Path, index: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script, str(corpus), str(index)],
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{code}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--code", action="append", required=True, help="name=checkout folder")
    ap.add_argument("--corpus", action="append", required=True, help="name=corpus folder")
    ap.add_argument("--index", action="append", required=True, help="name=index folder")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reload-rounds", type=int, default=3)
    ap.add_argument("--json", type=Path, help="every run, as JSON lines")
    args = ap.parse_args()
    code, corpus, index = _pairs(args.code), _pairs(args.corpus), _pairs(args.index)
    runs: dict[str, list[dict]] = {name: [] for name in code}
    reloads: dict[str, list[dict]] = {name: [] for name in code}
    log = args.json.open("a", encoding="utf-8") if args.json else None
    for r in range(max(args.rounds, args.reload_rounds)):
        # The order turns each round: no checkout always runs first.
        names = list(code)[r % len(code) :] + list(code)[: r % len(code)]
        for name in names:
            paths = (Path(code[name]), Path(corpus[name]), Path(index[name]))
            if r < args.rounds:
                runs[name].append(run(paths[0], QUERY, paths[1], paths[2]))
                print(name, "query", runs[name][-1], file=sys.stderr, flush=True)
                if log:
                    log.write(json.dumps({"code": name, "query": runs[name][-1]}) + "\n")
            if r < args.reload_rounds:
                reloads[name].append(run(paths[0], RELOAD, paths[1], paths[2]))
                print(name, "reload", reloads[name][-1], file=sys.stderr, flush=True)
                if log:
                    log.write(json.dumps({"code": name, "reload": reloads[name][-1]}) + "\n")
    print(
        "| code | query runs | cold start s, median (range) | first 10 answers s"
        " | first 300 answers s | first 300: p95 ms | answer median ms | answer p95 ms"
        " | peak RSS serve MB | reload 1 article right after start s | reload 1 article s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in code:
        q, rl = runs[name], reloads[name]

        def med(rows: list[dict], key: str) -> float:
            return statistics.median(row[key] for row in rows)

        cold = [row["cold_start_s"] for row in q]
        print(
            f"| {name} | {len(q)} | {med(q, 'cold_start_s'):.2f} ({min(cold):.2f}–{max(cold):.2f})"
            f" | {med(q, 'first_10_answers_s'):.2f} | {med(q, 'first_300_answers_s'):.2f}"
            f" | {med(q, 'first_p95_ms'):.2f} | {med(q, 'answer_median_ms'):.2f}"
            f" | {med(q, 'answer_p95_ms'):.2f} | {med(q, 'serve_rss_mb'):.0f}"
            f" | {med(rl, 'reload_first_s'):.2f} | {med(rl, 'reload_one_s'):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
