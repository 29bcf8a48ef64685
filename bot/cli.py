"""Command line: coopbot reload | ask | eval | records | chat | serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Config, ConfigError, load_config

if TYPE_CHECKING:  # the engine's modules load underthesea: not needed to refuse bad input
    from bot.engine import Engine
    from bot.search.results import ReloadReport

MAX_TOP = 50
EMPTY_QUESTION = "Câu hỏi trống: mỗi dòng cần một câu hỏi."
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
SERVE_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: int = logging.WARNING, fmt: str = LOG_FORMAT) -> None:
    """Configure the root logger. force=True: underthesea calls logging.basicConfig when it
    is imported, which would otherwise make this a silent no-op."""
    logging.basicConfig(level=level, format=fmt, force=True)


def _top(value: str) -> int:
    try:
        top = int(value)
    except ValueError:
        top = 0
    if not 1 <= top <= MAX_TOP:
        raise argparse.ArgumentTypeError(
            f"số đoạn phải là số nguyên từ 1 đến {MAX_TOP}, không phải {value!r}"
        )
    return top


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", help="corpus folder (default from config.toml)")
    p.add_argument("--index", help="index folder (default from config.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopbot", description="Hỏi đáp kinh tế tập thể, HTX")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("reload", help="build or refresh the index from the corpus")
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="allow a reload that drops more than half of the indexed articles",
    )
    _paths(p)

    p = sub.add_parser("add", help="add documents (.txt .md .html .pdf .docx files or URLs)")
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    _paths(p)

    p = sub.add_parser("ask", help="answer one question ('-' reads one per stdin line)")
    p.add_argument("question", nargs="+")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--top", type=_top, default=None, help=f"number of passages (1..{MAX_TOP})")
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
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default=None)
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


_STALE_CAUSES = {"underthesea": "underthesea khác", "catalogue": "danh mục chỉ tiêu đã đổi"}


def say_if_stale(config: Config, out=sys.stderr) -> None:
    """One line before a persisted index of another format (or segmenter, or catalogue) is
    rebuilt, since that takes a while."""
    from bot.search import store

    found = store.stale(config.index_dir)
    if found is None:
        return
    causes = [
        f"định dạng {found.format}" if key == "format" else _STALE_CAUSES.get(key, key)
        for key in found.changed
    ]
    print(f"Chỉ mục cũ ({', '.join(causes)}), đang dựng lại…", file=out, flush=True)


def _readable(text: str) -> str:
    """Command-line bytes that were not UTF-8 (kept as surrogates by Python) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _write_json(data: object, indent: int | None = None) -> None:
    """Always UTF-8, whatever the locale: the JSON contract is UTF-8."""
    sys.stdout.flush()
    sys.stdout.buffer.write((json.dumps(data, ensure_ascii=False, indent=indent) + "\n").encode())
    sys.stdout.buffer.flush()


def cmd_ask(engine: Engine, args: argparse.Namespace) -> int:
    from bot.answer import Answer
    from bot.answer_text import render_text

    questions = args.question
    if questions == ["-"]:
        # Bytes, split on \n only: one JSON line per input line, blank lines included, so the
        # n-th answer is the n-th question's; invalid UTF-8 becomes U+FFFD, never echoed.
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n").strip()
            if line:
                answer = engine.ask(line, args.top)
            else:
                answer = Answer(query="", answered=False, passages=[], message=EMPTY_QUESTION)
            _write_json(answer.to_json())
        return 0
    answer = engine.ask(_readable(" ".join(questions)), args.top)
    if args.json:
        _write_json(answer.to_json(), indent=2)
    else:
        print(render_text(answer))
    return 0


def cmd_add(engine: Engine, args: argparse.Namespace) -> int:
    """Convert each input into corpus/, reload, and say what was understood of each."""
    from bot.ingest import add_inputs, describe
    from bot.progress import ConsoleProgress

    config = engine.config
    results = add_inputs(args.inputs, config.corpus_dir, config.max_upload_bytes)
    if any(r.file for r in results):
        say_if_stale(config)
        with ConsoleProgress(interval=config.progress_interval) as show:
            report = engine.reload(progress=show)
        print_report(report)
    index = engine.snapshot.index if any(r.file for r in results) else None
    for r in results:
        ia = index.articles.get(r.file.stem) if index is not None and r.file else None
        print(describe(r, len(ia.records) if ia else None))
    return 1 if any(r.error for r in results) else 0


def cmd_eval_records(config: Config, args: argparse.Namespace) -> int:
    """Precision and recall of the figures of the corpus's documents against a gold file."""
    from bot.corpus_load import load_corpus
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
    from bot.messages import province_notes

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
    said: list = []
    if args.province is not None:
        if not gazetteer.resolve_query(args.province):
            print(f"coopbot: không rõ tỉnh/thành phố: {args.province!r}", file=sys.stderr)
            return 2
        # A province's figures come the way `ask` and /muctieu get them (one route); the
        # options then narrow them.
        query, figs = engine.figures_for(args.province + (f" {args.year}" if args.year else ""))
        said = query.provinces
        records = [
            r
            for r in (figs.records if figs else [])
            if (args.kind is None or r.kind == args.kind)
            and (args.indicator is None or r.indicator_id == args.indicator)
        ]
    else:  # one indicator in every province: the store's own query
        records = db.query_records(engine.db, None, args.year, args.kind, args.indicator)
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
    """Console chat: the answers Telegram gives, short follow-ups ("còn năm 2024?") included."""
    from bot.answer_text import render_text
    from bot.followup import rewrite

    print("coopbot — gõ câu hỏi, Enter để gửi; 'thoát' hoặc Ctrl-D để kết thúc.")
    previous: str | None = None
    while True:
        try:
            line = input("Bạn: ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"thoát", "thoat", "exit", "quit"}:
            return 0
        if not line.strip():
            continue
        followup = rewrite(line, previous)
        question = followup.question if followup else line
        if followup is not None:
            print(f"(Hiểu là: {followup.understood} — “{followup.question}”)")
        print(render_text(engine.ask(question)), end="\n\n")
        previous = question


def run(args: argparse.Namespace, config: Config) -> int:
    config = config.with_paths(getattr(args, "corpus", None), getattr(args, "index", None))
    if args.command == "serve":
        from bot.telegram.app import serve

        return serve(config)
    if args.command == "eval-records":
        return cmd_eval_records(config, args)
    from bot.engine import Engine
    from bot.errors import Notice
    from bot.messages import notice_message
    from bot.progress import ConsoleProgress

    def said(notice: Notice) -> None:
        print(f"coopbot: {notice_message(notice)}", file=sys.stderr)

    engine = Engine(config, notify=said)
    try:
        if args.command == "reload":
            say_if_stale(config)
            with ConsoleProgress(interval=config.progress_interval) as show:
                report = engine.reload(allow_shrink=args.allow_shrink, progress=show)
            print_report(report)
            return 0
        if args.command == "add":
            return cmd_add(engine, args)
        say_if_stale(config)
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
    finally:
        engine.close()


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    args = build_parser().parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:  # refused before the engine's modules are even imported
        print(f"coopbot: {exc}", file=sys.stderr)
        return 1
    from bot.db import first_line
    from bot.errors import CoopbotError
    from bot.messages import error_message

    try:
        return run(args, config)
    except ConfigError as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        return 1
    except CoopbotError as exc:
        print(f"coopbot: {error_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("COOPBOT_DEBUG"):
            raise
        print(
            f"coopbot: lỗi không mong đợi ({type(exc).__name__}: {first_line(exc)}); "
            "chạy lại với COOPBOT_DEBUG=1 để xem chi tiết.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
