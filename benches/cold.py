#!/usr/bin/env python3
"""Whole-process figures for accords beside the tools a user would reach for.

Usage: benches/cold.py CLAUSES.jsonl WORKDIR

- `accords index --jsonl` under /usr/bin/time -v: wall time, peak memory
  (maximum resident set) and CPU use (100% is one core's worth; above 100%
  both cores worked), beside the sqlite3 shell loading the same records
  into the FTS5 schema of benches/support/fts5.rs (no journal, no syncs,
  as the in-process bench loads it);
- a cold search (a new process: start, open the index, search, print ten
  highlighted hits) timed by hyperfine, against `rg -m 10` over the JSONL
  and the sqlite3 shell on the FTS5 database. The page cache is warm: this
  is the cost of a process, not of a disk.

Prints a Markdown table and writes WORKDIR/cold.json. Needs
target/release/accords (or $ACCORDS), sqlite3, hyperfine, rg and
/usr/bin/time (`apt-get install -y hyperfine ripgrep sqlite3 time`).
"""
import json, os, re, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ACCORDS = os.environ.get("ACCORDS", os.path.join(HERE, "..", "target", "release", "accords"))
# One two-word topic and one frequent single word, as typed.
COLD_QUERIES = ["green finance", "technology"]

FTS5_LOAD = """
.mode ascii
.separator "\x1f" "\\n"
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TEMP TABLE raw(line);
.import {jsonl} raw
CREATE TABLE clause (id INTEGER PRIMARY KEY, cid TEXT NOT NULL, partner TEXT, year INTEGER,
  date TEXT, kind TEXT, title TEXT, doc_id TEXT, source TEXT);
CREATE TABLE clause_area (clause INTEGER NOT NULL, area TEXT NOT NULL);
CREATE TABLE clause_meeting (clause INTEGER NOT NULL, meeting TEXT NOT NULL);
CREATE VIRTUAL TABLE clause_text USING fts5(text, tokenize = 'porter');
BEGIN;
INSERT INTO clause SELECT rowid, json_extract(line, '$.id'), json_extract(line, '$.partner'),
  CAST(substr(json_extract(line, '$.date'), 1, 4) AS INTEGER), json_extract(line, '$.date'),
  json_extract(line, '$.kind'), json_extract(line, '$.title'), json_extract(line, '$.doc_id'),
  json_extract(line, '$.source') FROM raw;
INSERT INTO clause_text (rowid, text) SELECT rowid, json_extract(line, '$.text') FROM raw;
INSERT INTO clause_area SELECT raw.rowid, j.value FROM raw, json_each(raw.line, '$.areas') j;
INSERT INTO clause_meeting SELECT raw.rowid, j.value FROM raw, json_each(raw.line, '$.meeting_types') j;
COMMIT;
CREATE INDEX clause_partner ON clause (partner);
CREATE INDEX clause_area_area ON clause_area (area, clause);
CREATE INDEX clause_area_clause ON clause_area (clause);
CREATE INDEX clause_meeting_clause ON clause_meeting (clause);
INSERT INTO clause_text (clause_text) VALUES ('optimize');
ANALYZE;
"""

FTS5_SEARCH = ("SELECT c.cid, highlight(clause_text, 0, '[', ']') FROM clause_text "
               "JOIN clause c ON c.id = clause_text.rowid WHERE clause_text MATCH '{match}' "
               "ORDER BY bm25(clause_text) LIMIT 10")


def time_v(cmd, **kw):
    """Runs cmd under /usr/bin/time -v: wall seconds, peak MB, CPU percent."""
    started = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - started
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    cpu = int(re.search(r"Percent of CPU this job got: (\d+)%", p.stderr).group(1))
    return wall, peak * 1024 / 1e6, cpu


def disk_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def hyperfine(work, commands):
    out = os.path.join(work, "hyperfine.json")
    p = subprocess.run(["hyperfine", "-N", "--warmup", "2", "--runs", "20", "--export-json", out]
                       + commands, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"hyperfine failed: {p.stderr[-2000:]}")
    return [r["median"] for r in json.load(open(out))["results"]]


def show(v):
    return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    jsonl, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(work, exist_ok=True)
    for tool in ("sqlite3", "hyperfine", "rg", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"cold.py needs {tool}: apt-get install -y hyperfine ripgrep sqlite3 time")
    n = sum(1 for _ in open(jsonl))
    rows = []

    ix = os.path.join(work, "cold-accords-index")
    shutil.rmtree(ix, ignore_errors=True)
    a_wall, a_peak, a_cpu = time_v([ACCORDS, "index", "--jsonl", jsonl, "--index", ix])
    db = os.path.join(work, "cold-fts5.db")
    if os.path.exists(db):
        os.remove(db)
    f_wall, f_peak, f_cpu = time_v(["sqlite3", db], input=FTS5_LOAD.format(jsonl=jsonl))
    rows += [
        ("index: wall s", a_wall, f_wall),
        ("index: clauses/s", n / a_wall, n / f_wall),
        ("index: peak memory MB", a_peak, f_peak),
        ("index: CPU % (100 = one core)", a_cpu, f_cpu),
        ("index size MB", disk_size(ix) / 1e6, disk_size(db) / 1e6),
    ]

    for q in COLD_QUERIES:
        match = " ".join(f'"{w}"' for w in q.split())
        a, f, r = hyperfine(work, [
            f"{ACCORDS} search '{q}' --index {ix} --limit 10 --color never",
            f"sqlite3 {db} \"{FTS5_SEARCH.format(match=match)}\"",
            f"rg -m 10 -i '{q}' {jsonl}",
        ])
        rows.append((f"cold search {q!r}, ms (vs sqlite3 shell)", a * 1e3, f * 1e3))
        rows.append((f"cold search {q!r}, ms (vs rg -m 10)", a * 1e3, r * 1e3))

    print(f"{n:,} clauses ({os.path.getsize(jsonl) / 1e6:.1f} MB of JSONL)\n")
    print("| figure | accords | peer | accords / peer |\n| --- | ---: | ---: | ---: |")
    for name, a, p in rows:
        print(f"| {name} | {show(a)} | {show(p)} | {a / p:.2f} |")
    json.dump({"clauses": n, "figures": [{"figure": name, "accords": a, "peer": p, "ratio": a / p}
                                          for name, a, p in rows]},
              open(os.path.join(work, "cold.json"), "w"), indent=2)


main()
