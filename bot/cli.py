"""Command line: coopbot reload | ask | eval | records | chat | serve."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.answer import province_notes, render_text
from bot.config import Config, ConfigError, load_config
from bot.engine import Engine, ReloadError
from bot.export import FORMATS
from bot.index import ReloadReport


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", help="corpus folder (default from config.toml)")
    p.add_argument("--index", help="index folder (default from config.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopbot", description="Hỏi đáp kinh tế tập thể, HTX")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("reload", help="build or refresh the index from the corpus")
    _paths(p)

    p = sub.add_parser("add", help="add documents (.txt .md .html .pdf .docx files or URLs)")
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    _paths(p)

    p = sub.add_parser("ask", help="answer one question ('-' reads one per stdin line)")
    p.add_argument("question", nargs="+")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--top", type=int, default=None, help="number of passages")
    _paths(p)

    p = sub.add_parser("eval", help="R@1, R@3 and MRR for a labelled JSONL question file")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    _paths(p)

    p = sub.add_parser("eval-records", help="figures against a hand-labelled gold file")
    p.add_argument("gold", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--details", action="store_true", help="list wrong and missed figures")
    _paths(p)

    p = sub.add_parser(
        "records", help="figures of a province or an indicator, as text, JSON, CSV or XLSX"
    )
    p.add_argument("--province", help="optional with --indicator (then: every province)")
    p.add_argument("--year", type=int)
    p.add_argument("--kind", choices=["target", "actual", "estimate", "norm"])
    p.add_argument("--indicator", metavar="ID", help="catalogue id, e.g. htx.new")
    p.add_argument("--format", choices=FORMATS, default=None)
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE")
    _paths(p)

    p = sub.add_parser("chat", help="console chat with the same answers as Telegram")
    _paths(p)

    p = sub.add_parser("serve", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    _paths(p)
    return parser


def print_report(report: ReloadReport, out=sys.stdout) -> None:
    print(
        f"Đã nạp {report.articles} bài, {report.paragraphs} đoạn "
        f"(phân tách mới {report.segmented}, dùng lại {report.reused}).",
        file=out,
    )
    for s in report.skipped:
        print(f"Bỏ qua {s.file}: {s.reason}", file=out)
    for w in report.warnings:
        print(f"Cảnh báo {w}", file=out)


def cmd_ask(engine: Engine, args: argparse.Namespace) -> int:
    questions = args.question
    if questions == ["-"]:
        for line in sys.stdin:
            if line.strip():
                answer = engine.ask(line.strip(), args.top)
                print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        return 0
    answer = engine.ask(" ".join(questions), args.top)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer))
    return 0


def cmd_add(engine: Engine, args: argparse.Namespace) -> int:
    """Convert each input into corpus/, reload, and say what was understood of each."""
    from bot.ingest import add_inputs, describe

    config = engine.config
    results = add_inputs(args.inputs, config.corpus_dir, config.max_upload_bytes)
    if any(r.file for r in results):
        report = engine.reload()
        print_report(report)
    index = engine.snapshot.index if any(r.file for r in results) else None
    for r in results:
        ia = index.articles.get(r.file.stem) if index is not None and r.file else None
        print(describe(r, len(ia.records) if ia else None))
    return 1 if any(r.error for r in results) else 0


def cmd_eval_records(config: Config, args: argparse.Namespace) -> int:
    """Precision and recall of the figures of the corpus's documents against a gold file."""
    from bot.corpus import load_corpus
    from bot.figures.evaluate import format_report, score
    from bot.figures.extract import extract_records

    articles, _ = load_corpus(config.corpus_dir)
    report = score(
        args.gold, {a.id: a for a in articles}, {a.id: extract_records(a) for a in articles}
    )
    print(
        json.dumps(report.to_json(), ensure_ascii=False)
        if args.json
        else format_report(report, args.details)
    )
    return 0


def cmd_eval(engine: Engine, args: argparse.Namespace) -> int:
    from bot.evaluate import evaluate, format_report

    report = evaluate(engine, args.file)
    print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def records_format(args: argparse.Namespace) -> str | None:
    """The output format, or None when --json and --format disagree."""
    if args.json and args.format not in (None, "json"):
        return None
    return "json" if args.json else args.format or "text"


def unknown_indicator(wanted: str) -> str | None:
    """A one-line error naming the closest catalogue ids, or None if `wanted` is known."""
    import difflib

    from bot.figures.catalogue import OTHER, catalogue

    ids = [*catalogue(), OTHER]
    if wanted in ids:
        return None
    close = difflib.get_close_matches(wanted, ids, n=5, cutoff=0.6)
    head = wanted.split(".")[0] + "."
    close += [i for i in ids if i.startswith(head) and i not in close][: 5 - len(close)]
    close = close or difflib.get_close_matches(wanted, ids, n=5, cutoff=0.3)
    hint = f"; gần nhất: {', '.join(close)}" if close else ""
    return f"coopbot: không có mã chỉ tiêu {wanted!r}{hint}"


def cmd_records(engine: Engine, args: argparse.Namespace) -> int:
    from bot import db, export, gazetteer

    fmt = records_format(args)
    if fmt is None:
        print("coopbot: --json là --format json, không dùng cùng --format khác", file=sys.stderr)
        return 2
    if args.province is None and args.indicator is None:
        print("coopbot: cần --province hoặc --indicator", file=sys.stderr)
        return 2
    if args.indicator is not None and (error := unknown_indicator(args.indicator)):
        print(error, file=sys.stderr)
        return 2
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        print(
            "coopbot: --format xlsx cần --output FILE (hoặc chuyển hướng stdout)", file=sys.stderr
        )
        return 2
    said, provinces = [], None
    if args.province is not None:
        said = gazetteer.resolve_query(args.province)
        if not said:
            print(f"coopbot: không rõ tỉnh/thành phố: {args.province!r}", file=sys.stderr)
            return 2
        provinces = {p for pq in said for p in pq.provinces}
    records = db.query_records(engine.db, provinces, args.year, args.kind, args.indicator)
    notes = province_notes(said, {r.province for r in records})
    if fmt == "text":
        lines = [f"ℹ️ {n}" for n in notes]
        if not records:
            lines.append("Không có số liệu phù hợp.")
        for r in records:
            where = "cả nước" if r.national and not r.province else r.province
            lines.append(f"• {r.summary()} — {where}, {r.cite()}")
        return _emit("\n".join(lines) + "\n", args.output, len(records))
    for n in notes:
        print(n, file=sys.stderr)
    if fmt == "json":
        text = json.dumps(export.to_json(records), ensure_ascii=False, indent=2) + "\n"
        return _emit(text, args.output, len(records))
    sources = db.article_names(engine.db, (r.article for r in records))
    data = export.to_csv(records, sources) if fmt == "csv" else export.to_xlsx(records, sources)
    return _emit(data, args.output, len(records))


def _emit(data: str | bytes, output: Path | None, count: int) -> int:
    """Write to the file (saying so on stderr) or to stdout."""
    if output is not None:
        try:
            if isinstance(data, str):
                output.write_text(data, encoding="utf-8")
            else:
                output.write_bytes(data)
        except OSError as exc:
            print(f"coopbot: không ghi được {output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"Đã ghi {count} số liệu vào {output}", file=sys.stderr)
    elif isinstance(data, str):
        sys.stdout.write(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_chat(engine: Engine) -> int:
    print("coopbot — gõ câu hỏi, Enter để gửi; 'thoát' hoặc Ctrl-D để kết thúc.")
    while True:
        try:
            line = input("Bạn: ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"thoát", "thoat", "exit", "quit"}:
            return 0
        if line.strip():
            print(render_text(engine.ask(line)), end="\n\n")


def run(args: argparse.Namespace, config: Config) -> int:
    config = config.with_paths(getattr(args, "corpus", None), getattr(args, "index", None))
    if args.command == "serve":
        from bot.telegram_bot import serve

        return serve(config)
    if args.command == "eval-records":
        return cmd_eval_records(config, args)
    engine = Engine(config)
    if args.command == "reload":
        print_report(engine.reload())
        return 0
    if args.command == "add":
        return cmd_add(engine, args)
    report = engine.open()
    if report is not None and (report.skipped or report.warnings):
        print_report(report, out=sys.stderr)
    if args.command == "ask":
        return cmd_ask(engine, args)
    if args.command == "eval":
        return cmd_eval(engine, args)
    if args.command == "records":
        return cmd_records(engine, args)
    if args.command == "chat":
        return cmd_chat(engine)
    return 2


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return run(args, load_config())
    except (ConfigError, ReloadError) as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
