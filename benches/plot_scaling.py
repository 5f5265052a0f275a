#!/usr/bin/env python3
"""Draws query latency against corpus size from benches/compare.rs reports.

Each report (the JSON that `cargo bench --features bench --bench compare`
writes to ACCORDS_BENCH_OUT) holds the figures of one corpus size. Given
several, this draws one SVG: query p50 and p99 in milliseconds against the
number of clauses, both axes logarithmic, for accords, bare tantivy and
SQLite FTS5. Colour tells the engine, a solid line p50 and a dashed one
p99.

    python3 benches/plot_scaling.py compare-10k.json compare-100k.json \
        compare-1m.json --output scaling.svg

Standard library only: the SVG is written by hand.
"""

import argparse
import json
import math
import sys
from xml.sax.saxutils import escape

# The engines as the reports name them, with the label and colour drawn.
ENGINES = [
    ("accords", "accords", "#1b6ac9"),
    ("tantivy", "bare tantivy", "#2a9d4b"),
    ("fts5", "SQLite FTS5", "#d9480f"),
]
# The percentiles drawn: the figure's name in the report, label, dashes.
PERCENTILES = [
    ("query p50, ms", "p50", None),
    ("query p99, ms", "p99", "7 5"),
]

WIDTH, HEIGHT = 760, 520
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 64, 64
FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"


class ReportError(Exception):
    """A report that cannot be read or lacks a figure."""


def read_report(path):
    """The clause count and {(engine, percentile): ms} of one report."""
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        raise ReportError(f"{path}: {e}") from e
    clauses = report.get("clauses")
    if not isinstance(clauses, (int, float)) or clauses <= 0:
        raise ReportError(f"{path}: no clause count; is it a report of benches/compare.rs?")
    figures = {row.get("figure"): row for row in report.get("figures", [])}
    values = {}
    for figure, _, _ in PERCENTILES:
        row = figures.get(figure)
        if row is None:
            raise ReportError(f"{path}: no {figure!r} figure")
        for engine, _, _ in ENGINES:
            value = row.get(engine)
            # An engine left out of a run has no figure; nothing to draw.
            if isinstance(value, (int, float)) and value > 0:
                values[(engine, figure)] = float(value)
    return {
        "path": path,
        "clauses": int(clauses),
        "values": values,
        "date": report.get("date"),
        "machine": report.get("machine") or {},
        "queries": report.get("queries"),
        "rounds": report.get("rounds"),
    }


def decades(lo, hi):
    """The powers of ten spanning [lo, hi], at least one decade apart."""
    first = math.floor(math.log10(lo))
    last = math.ceil(math.log10(hi))
    if last == first:
        last += 1
    return first, last


def count_label(n):
    """10k, 100k, 1M: a clause count as the benchmarks write it."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= size:
            return f"{n / size:g}{suffix}"
    return f"{n:g}"


def ms_label(ms):
    """A latency at a tick: 0.01 ms, 1 ms, 10 ms, 1 s, 100 s."""
    if ms >= 1000:
        return f"{ms / 1000:g} s"
    return f"{ms:g} ms"


def number(x):
    return f"{x:.1f}".rstrip("0").rstrip(".")


def draw(reports, title):
    """The SVG text of the plot."""
    xs = [r["clauses"] for r in reports]
    ys = [v for r in reports for v in r["values"].values()]
    x0, x1 = decades(min(xs), max(xs))
    y0, y1 = decades(min(ys), max(ys))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def px(clauses):
        return LEFT + (math.log10(clauses) - x0) / (x1 - x0) * plot_w

    def py(ms):
        return TOP + plot_h - (math.log10(ms) - y0) / (y1 - y0) * plot_h

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}' {FONT} font-size='12'>",
        f"<rect width='{WIDTH}' height='{HEIGHT}' fill='white'/>",
        f"<text x='{LEFT}' y='26' font-size='16' font-weight='bold'>{escape(title)}</text>",
        f"<text x='{LEFT}' y='45' fill='#555'>{escape(subtitle(reports))}</text>",
    ]

    # Grid and ticks: a line and a label at each power of ten, faint lines
    # at 2..9 times it.
    bottom, right = TOP + plot_h, LEFT + plot_w
    for e in range(x0, x1 + 1):
        for m in range(1, 10):
            v = m * 10**e
            if e == x1 and m > 1:
                break
            x = number(px(v))
            major = m == 1
            out.append(
                f"<line x1='{x}' y1='{TOP}' x2='{x}' y2='{bottom}' "
                f"stroke='{'#ccc' if major else '#eee'}'/>"
            )
            out.append(
                f"<line x1='{x}' y1='{bottom}' x2='{x}' y2='{bottom + (6 if major else 3)}' stroke='#333'/>"
            )
            if major:
                out.append(
                    f"<text x='{x}' y='{bottom + 20}' text-anchor='middle'>{count_label(v)}</text>"
                )
    for e in range(y0, y1 + 1):
        for m in range(1, 10):
            v = m * 10.0**e
            if e == y1 and m > 1:
                break
            y = number(py(v))
            major = m == 1
            out.append(
                f"<line x1='{LEFT}' y1='{y}' x2='{right}' y2='{y}' "
                f"stroke='{'#ccc' if major else '#eee'}'/>"
            )
            out.append(
                f"<line x1='{LEFT - (6 if major else 3)}' y1='{y}' x2='{LEFT}' y2='{y}' stroke='#333'/>"
            )
            if major:
                out.append(
                    f"<text x='{LEFT - 10}' y='{y}' text-anchor='end' "
                    f"dominant-baseline='middle'>{ms_label(v)}</text>"
                )
    out.append(
        f"<rect x='{LEFT}' y='{TOP}' width='{plot_w}' height='{plot_h}' fill='none' stroke='#333'/>"
    )
    out.append(
        f"<text x='{LEFT + plot_w / 2:.1f}' y='{HEIGHT - 18}' text-anchor='middle'>"
        "clauses in the corpus (log scale)</text>"
    )
    out.append(
        f"<text transform='translate(20 {TOP + plot_h / 2:.1f}) rotate(-90)' "
        "text-anchor='middle'>query latency, top ten with highlights (log scale)</text>"
    )

    # One line per engine and percentile, a marker at each report.
    for engine, _, colour in ENGINES:
        for figure, _, dashes in PERCENTILES:
            points = [
                (px(r["clauses"]), py(r["values"][(engine, figure)]))
                for r in reports
                if (engine, figure) in r["values"]
            ]
            if not points:
                continue
            dash = f" stroke-dasharray='{dashes}'" if dashes else ""
            if len(points) > 1:
                path = " ".join(f"{number(x)},{number(y)}" for x, y in points)
                out.append(
                    f"<polyline points='{path}' fill='none' stroke='{colour}' "
                    f"stroke-width='2'{dash}/>"
                )
            for x, y in points:
                out.append(marker(x, y, colour, filled=dashes is None))

    # Legend, right of the plot: engines by colour, percentiles by line.
    lx, ly = right + 20, TOP + 10
    out.append(f"<text x='{lx}' y='{ly}' font-weight='bold'>engine</text>")
    for i, (_, label, colour) in enumerate(ENGINES):
        y = ly + 22 * (i + 1)
        out.append(
            f"<line x1='{lx}' y1='{y - 4}' x2='{lx + 28}' y2='{y - 4}' stroke='{colour}' stroke-width='2'/>"
        )
        out.append(f"<text x='{lx + 36}' y='{y}'>{escape(label)}</text>")
    ly += 22 * (len(ENGINES) + 2)
    out.append(f"<text x='{lx}' y='{ly}' font-weight='bold'>percentile</text>")
    for i, (_, label, dashes) in enumerate(PERCENTILES):
        y = ly + 22 * (i + 1)
        dash = f" stroke-dasharray='{dashes}'" if dashes else ""
        out.append(
            f"<line x1='{lx}' y1='{y - 4}' x2='{lx + 28}' y2='{y - 4}' stroke='#333' stroke-width='2'{dash}/>"
        )
        out.append(marker(lx + 14, y - 4, "#333", filled=dashes is None))
        out.append(f"<text x='{lx + 36}' y='{y}'>{label}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def marker(x, y, colour, filled):
    """A dot: filled for p50, hollow for p99."""
    fill = colour if filled else "white"
    return (
        f"<circle cx='{number(x)}' cy='{number(y)}' r='3.5' fill='{fill}' "
        f"stroke='{colour}' stroke-width='1.5'/>"
    )


def subtitle(reports):
    """Where and when the figures were measured, as the reports say."""
    parts = []
    machines = {
        (r["machine"].get("cores"), r["machine"].get("cpu"))
        for r in reports
        if r["machine"]
    }
    if len(machines) == 1:
        cores, cpu = machines.pop()
        parts.append(f"{cores} cores, {cpu}")
    elif machines:
        parts.append("several machines")
    days = sorted({d[:10] for r in reports if (d := r["date"])})
    if days:
        parts.append(days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}")
    queries = {(r["queries"], r["rounds"]) for r in reports}
    if len(queries) == 1:
        q, rounds = queries.pop()
        if q and rounds:
            parts.append(f"{q} queries x {rounds} rounds")
    return "; ".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Draw query p50 and p99 against corpus size from "
        "benches/compare.rs reports (one per corpus size) as an SVG."
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT.json")
    parser.add_argument(
        "-o", "--output", default="scaling.svg", help="the SVG to write (default scaling.svg; - for stdout)"
    )
    parser.add_argument(
        "--title", default="Query latency against corpus size", help="the plot's title"
    )
    args = parser.parse_args(argv)
    try:
        reports = [read_report(p) for p in args.reports]
    except ReportError as e:
        print(f"plot_scaling: {e}", file=sys.stderr)
        return 1
    reports.sort(key=lambda r: r["clauses"])
    for a, b in zip(reports, reports[1:]):
        if a["clauses"] == b["clauses"]:
            print(
                f"plot_scaling: {a['path']} and {b['path']} both measure "
                f"{a['clauses']} clauses; give one report per corpus size",
                file=sys.stderr,
            )
            return 1
    if not any(r["values"] for r in reports):
        print("plot_scaling: the reports hold no query latencies", file=sys.stderr)
        return 1
    svg = draw(reports, args.title)
    if args.output == "-":
        sys.stdout.write(svg)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(svg)
        print(
            f"wrote {args.output}: {len(reports)} corpus size{'s' if len(reports) > 1 else ''}, "
            + ", ".join(count_label(r["clauses"]) for r in reports),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
