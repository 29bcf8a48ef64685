import sys, time, gc, statistics
from pathlib import Path
from dataclasses import replace
from bot.config import load_config
from bot.engine import Engine
from bench.run import questions, _p95
cfg = replace(load_config(Path("config.toml"), env={}), corpus_dir=Path("/tmp/b11/corpus"), index_dir=Path("/tmp/b11/index"))
t = time.perf_counter()
e = Engine(cfg); e.open(); cold = time.perf_counter() - t
lat = []
for q in questions(300):
    t = time.perf_counter(); e.ask(q, 3); lat.append((time.perf_counter() - t) * 1000)
print(f"cold {cold:.2f} first300 p95 {_p95(lat):.1f} median {statistics.median(lat):.1f} max {max(lat):.0f} sum {sum(lat)/1000:.2f}s")
top = sorted(zip(lat, questions(300)), reverse=True)[:8]
for l, q in top: print(f"  {l:.0f} {q}")
