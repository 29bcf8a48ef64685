import sys, time, cProfile, pstats
from pathlib import Path
from dataclasses import replace
from bot.config import load_config
from bot.engine import Engine
cfg = replace(load_config(Path("config.toml"), env={}), corpus_dir=Path("/tmp/b11/corpus"), index_dir=Path("/tmp/b11/index"))
Engine._warm_up = lambda self, index: None
e = Engine(cfg); e.open()
from bot import db
real = db.CorpusReader.province_records
asked = []
def counted(self, p):
    t = time.perf_counter(); r = real(self, p); asked.append((p, round((time.perf_counter()-t)*1000,1), sum(map(len, r.by_article.values())))); return r
db.CorpusReader.province_records = counted
for q in sys.argv[1:]:
    asked.clear()
    pr = cProfile.Profile(); t = time.perf_counter(); pr.enable(); e.ask(q, 3); pr.disable()
    print(q, f"{(time.perf_counter()-t)*1000:.0f} ms", asked)
    pstats.Stats(pr).sort_stats("tottime").print_stats(8)
