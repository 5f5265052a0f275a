#!/usr/bin/env python3
"""Whole-process comparison of accords with SQLite FTS5 and ripgrep.

Usage: benches/compare.py CLAUSES.jsonl WORKDIR

Builds an accords index (`accords index --jsonl`) and an FTS5 table (porter
tokenizer, the sqlite3 shell) from the same records, runs the same fixed
query set (about 200 queries, deterministic, drawn from the corpus: frequent
and rare words, two and three word topics, quoted phrases, a fifth with a
partner filter) against both, counts facets over a broad query, and times a
cold single search against `rg -m 10`. Prints a Markdown table of figures
and ratios. Needs: target/release/accords, sqlite3, rg, /usr/bin/time.
"""
import collections, json, os, random, re, shutil, statistics, subprocess, sys, time

ACCORDS = os.path.join(os.path.dirname(__file__), "..", "target", "release", "accords")


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak KiB, stdout)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return wall, peak, p.stdout


def dir_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def query_set(records, rng):
    words = collections.Counter()
    for r in records[:20000]:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", r["text"]))
    ranked = [w for w, _ in words.most_common()]
    frequent, rare = ranked[:200], [w for w, c in words.items() if 2 <= c <= 5]
    queries = []
    for i in range(200):
        kind = i % 5
        if kind == 0:
            q = rng.choice(frequent)
        elif kind == 1:
            q = rng.choice(rare)
        elif kind == 2:
            q = " ".join(rng.sample(frequent[:100], 2))
        elif kind == 3:
            q = " ".join(rng.sample(frequent[:150], 3))
        else:
            text = re.findall(r"[A-Za-z]+", rng.choice(records)["text"])
            at = rng.randrange(max(1, len(text) - 2))
            q = '"' + " ".join(text[at:at + 2]).lower() + '"'
        partner = rng.choice(["Guangdong", "Beijing", "Shanghai", "Sichuan"]) if i % 5 == 4 or i % 25 == 0 else None
        queries.append((q, partner))
    return queries


def fts_match(q):
    # FTS5 syntax: bare words are ANDed like accords' default ranking puts all-word matches first.
    return q if q.startswith('"') else " ".join(q.split())


def main():
    jsonl, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    records = [json.loads(l) for l in open(jsonl)]
    n, text_bytes = len(records), sum(len(r["text"].encode()) for r in records)
    rng = random.Random(7)
    queries = query_set(records, rng)
    rows = []

    # Indexing.
    ix = os.path.join(work, "accords-index")
    shutil.rmtree(ix, ignore_errors=True)
    a_build, a_peak, _ = timed([ACCORDS, "index", "--jsonl", jsonl, "--index", ix])
    a_size = dir_size(ix)
    db = os.path.join(work, "fts5.db")
    if os.path.exists(db):
        os.remove(db)
    script = f"""
.mode ascii
.separator "\x1f" "\\n"
CREATE TEMP TABLE raw(line);
.import {jsonl} raw
CREATE VIRTUAL TABLE clause USING fts5(text, partner UNINDEXED, areas UNINDEXED, meeting UNINDEXED, kind UNINDEXED, year UNINDEXED, tokenize='porter');
INSERT INTO clause SELECT json_extract(line,'$.text'), json_extract(line,'$.partner'), json_extract(line,'$.areas'),
  json_extract(line,'$.meeting_types'), json_extract(line,'$.kind'), substr(json_extract(line,'$.date'),1,4) FROM raw;
"""
    f_build, f_peak, _ = timed(["sqlite3", db], input=script)
    f_size = os.path.getsize(db)
    rows.append(("index: clauses/s", f"{n / a_build:,.0f}", f"{n / f_build:,.0f}", a_build and f_build / a_build))
    rows.append(("index: MB/s of text", f"{text_bytes / a_build / 1e6:.1f}", f"{text_bytes / f_build / 1e6:.1f}", f_build / a_build))
    rows.append(("index size / text", f"{a_size / text_bytes:.2f}", f"{f_size / text_bytes:.2f}", a_size / f_size))
    rows.append(("index: peak memory MB", f"{a_peak / 1024:.0f}", f"{f_peak / 1024:.0f}", a_peak / f_peak))

    # Query latency: accords' own took_ms per query (open index, search, top 10 with highlights).
    a_ms = []
    for q, partner in queries:
        cmd = [ACCORDS, "search", q, "--index", ix, "--format", "json", "--kind", "all", "--limit", "10"]
        if partner:
            cmd += ["--partner", partner]
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        res = json.loads(out)
        a_ms.append(res["took_ms"])
    # FTS5: the shell's per-statement timer, top 10 by bm25 with highlight().
    stmts = [".timer on", ".output /dev/null"]
    for q, partner in queries:
        m = fts_match(q).replace("'", "''")
        where = f"clause MATCH '{m}'" + (f" AND partner = '{partner}'" if partner else "")
        stmts.append(f"SELECT rowid, highlight(clause, 0, '[', ']') FROM clause WHERE {where} ORDER BY bm25(clause) LIMIT 10;")
    p = subprocess.run(["sqlite3", db], input="\n".join(stmts) + "\n", capture_output=True, text=True)
    f_ms = [float(x) * 1000 for x in re.findall(r"Run Time: real ([\d.]+)", p.stdout + p.stderr)]
    assert len(f_ms) == len(queries), (len(f_ms), p.stderr[-500:])

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]

    for p_ in (50, 95, 99):
        a, f = pct(a_ms, p_), pct(f_ms, p_)
        rows.append((f"query p{p_} ms", f"{a:.0f}", f"{f:.1f}", a / f if f else float("nan")))

    # Facets over a broad query.
    broad = "co-operation"
    a_t, _, out = timed([ACCORDS, "facets", broad, "--index", ix, "--format", "json", "--kind", "all"])
    facets = subprocess.run(["sqlite3", db], capture_output=True, text=True, input=".timer on\n" + "\n".join(
        f"SELECT {col}, count(*) FROM clause WHERE clause MATCH 'operation' GROUP BY {col};" for col in ("partner", "areas", "meeting", "year")) + "\n")
    f_t = sum(float(x) for x in re.findall(r"Run Time: real ([\d.]+)", facets.stdout))
    rows.append(("facets over a broad query, s (whole process for accords)", f"{a_t:.3f}", f"{f_t:.3f}", a_t / f_t))

    # Cold single search, whole process, against rg -m 10.
    def hyper(cmds):
        out = os.path.join(work, "hyperfine.json")
        subprocess.run(["hyperfine", "-N", "--warmup", "2", "--runs", "20", "--export-json", out] + cmds, capture_output=True)
        return [r["mean"] for r in json.load(open(out))["results"]]

    a_c, f_c, rg_c = hyper([
        f"{ACCORDS} search 'green finance' --index {ix}",
        f"sqlite3 {db} \"SELECT rowid, snippet(clause, 0, '[', ']', '...', 20) FROM clause WHERE clause MATCH 'green finance' ORDER BY bm25(clause) LIMIT 10\"",
        f"rg -m 10 -i 'green finance' {jsonl}",
    ])
    rows.append(("cold search, ms (FTS5 column: sqlite3 shell)", f"{a_c * 1000:.1f}", f"{f_c * 1000:.1f}", a_c / f_c))
    rows.append(("cold search vs rg -m 10, ms (FTS5 column: rg)", f"{a_c * 1000:.1f}", f"{rg_c * 1000:.1f}", a_c / rg_c))

    print(f"{n:,} clauses, {text_bytes / 1e6:.1f} MB of clause text, {len(queries)} queries\n")
    print("| figure | accords | FTS5 | accords / FTS5 |\n| --- | ---: | ---: | ---: |")
    for name, a, f, r in rows:
        print(f"| {name} | {a} | {f} | {r:.2f} |")


main()
