#!/usr/bin/env python3
"""Draw candidate concept groups from WordNet for a person to review.

What it is for
    data/concepts.txt lists the names one policy concept goes by, and every
    line there is reviewed by hand: a form that also means something else
    pulls unrelated clauses into the results. This script only *suggests*
    lines for that review. Its output is never read by the search engine and
    must never be appended to a data file automatically; an editor keeps the
    few lines that are right for this corpus and rewrites their notes.

What it prints (in the concepts.txt line format, gloss as the note)
    1. Shared synsets: every WordNet synset (noun, verb, adjective) with at
       least two lemmas that occur in the corpus -- two names the corpus
       already uses for one sense.
    2. Other names: for each noun or noun phrase of the corpus that occurs at
       least --min-count times, the lemmas of its synset that the corpus does
       NOT use but a user might type. Only the word's first --senses senses
       are used (WordNet orders senses by frequency; index.noun is needed for
       that order -- without it every sense is used).
    Named entities (WordNet instance synsets: people, places, rivers) are
    left out of both parts: they name one thing, not a concept, and a
    surname such as "Lee" would otherwise match them.
    Groups whose forms are all already together on one line of
    data/concepts.txt, data/families.txt or data/synonyms.txt are skipped,
    and forms already sharing a line with the corpus word are dropped.
    A comment line above each group gives the synset id and corpus counts.

Matching is deliberately simple: the corpus is lowercased and cut into words
and two- and three-word phrases that do not cross punctuation; each is looked
up in WordNet as written, with hyphens removed or made spaces, with
British -ise/-isation/-our/-re spellings made American, and after WordNet's
own detachment rules (plus its .exc exception lists when present) on the
last word, each part of speech by its own rules. Function words and Roman
numerals are not looked up.

Usage (standard library only, Python 3.8+), from the repository root:
    python3 scripts/concept_candidates.py --wordnet /usr/share/wordnet \\
        --corpus seeds > /tmp/wn_candidates.txt
WordNet's database files come from Debian's `wordnet-base` package: either
`apt-get install wordnet-base` (files in /usr/share/wordnet), or
`apt-get download wordnet-base && dpkg -x wordnet-base_*.deb /tmp/wn` and
--wordnet /tmp/wn/usr/share/wordnet. They are under the WordNet 3.0 licence
(usr/share/doc/wordnet-base/copyright in the package) and are not kept in
this repository. The data files are required; index.* and *.exc are used
when present. --data points at the project's data folder (default: the one
beside this script); --min-count and --senses tune part 2.
"""

import argparse
import collections
import os
import re
import sys

POS_FILES = {"n": "noun", "v": "verb", "a": "adj"}

# WordNet's detachment rules (morphy), by part of speech.
DETACH = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"),
          ("ed", ""), ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
}

# Function words and the like: WordNet has senses for many of them ("us" the
# United States, "will" the document, "may" the month) that this corpus never
# means. They are not looked up on their own.
STOPWORDS = set("""
a an the of and or nor but to in on at by for with from into onto upon as
is are was were be been being am do does did done has have had having will
would shall should may might must can could it its this that these those
he she they them their his her him we us our you your i me my who whom
which what when where why how not no so than then there here also all any
each both either neither more most other some such very just only own same
too again further once over under up down out off about above below between
through during before after within without along across per via etc mr ms
mrs dr one two three four five six seven eight nine ten first second third
new well even still yet ever back around among go get make
""".split())

WORD_RE = re.compile(r"[a-z0-9]+(?:['\u2019-][a-z0-9]+)*")
# Roman numerals ("Phase II") are not the numbers' names a user types.
ROMAN_RE = re.compile(r"^(?=[ivx])x{0,3}(ix|iv|v?i{0,3})$")
# Punctuation that ends a phrase: a phrase never spans one of these.
BREAK_RE = re.compile(r"[.,;:!?()\[\]\"\u201c\u201d/]|\s-\s|\u2014|\u2013")


def read_synsets(wordnet_dir):
    """Yield (synset_id, pos, lemmas, gloss, instance) from data.noun/verb/adj.

    pos is "n", "v" or "a" (adjective satellites count as "a"); instance is
    true for a named entity (a synset with an instance-of pointer "@i": a
    person, a city, a river), which names one thing rather than a concept.
    """
    for pos, name in POS_FILES.items():
        path = os.path.join(wordnet_dir, "data." + name)
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("  "):  # licence header
                    continue
                head, _, gloss = line.partition(" | ")
                fields = head.split()
                offset, ss_type, count = fields[0], fields[2], int(fields[3], 16)
                lemmas = []
                for i in range(count):
                    lemma = fields[4 + 2 * i]
                    lemma = re.sub(r"\([a-z]+\)$", "", lemma)  # adj markers
                    lemmas.append(lemma.replace("_", " "))
                definition = gloss.strip().split('; "')[0].strip()
                instance = " @i " in head + " "
                yield ("%s-%s" % (offset, ss_type), pos, lemmas, definition,
                       instance)


def read_sense_order(wordnet_dir):
    """Map (lemma, pos) to its synset offsets in frequency order, if index
    files are present; otherwise return None."""
    order = {}
    for pos, name in POS_FILES.items():
        path = os.path.join(wordnet_dir, "index." + name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
                offsets = fields[6 + p_cnt:6 + p_cnt + synset_cnt]
                order[(lemma.replace("_", " "), pos)] = offsets
    return order


def read_exceptions(wordnet_dir):
    """Irregular forms (noun.exc etc.): (inflected form, pos) -> base forms."""
    exceptions = collections.defaultdict(set)
    for pos, name in POS_FILES.items():
        path = os.path.join(wordnet_dir, name + ".exc")
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    fields = line.split()
                    if len(fields) >= 2:
                        exceptions[(fields[0].replace("_", " "), pos)].update(
                            f.replace("_", " ") for f in fields[1:])
    return exceptions


def american(word):
    """Spelling variants of one British word, American side (may be empty)."""
    variants = set()
    for british, us in (("isation", "ization"), ("ise", "ize"), ("ised", "ized"),
                        ("ising", "izing"), ("ises", "izes"), ("our", "or"),
                        ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
                        ("mme", "m"), ("mmes", "ms")):
        if word.endswith(british) and len(word) > len(british) + 2:
            variants.add(word[: -len(british)] + us)
    return variants


def corpus_ngrams(corpus_dir):
    """Count lowercased words and two/three-word phrases of the corpus."""
    counts = collections.Counter()
    for name in sorted(os.listdir(corpus_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(corpus_dir, name), encoding="utf-8") as handle:
            text = handle.read().lower()
        for chunk in BREAK_RE.split(text):
            words = WORD_RE.findall(chunk.replace("\u2019", "'"))
            for n in (1, 2, 3):
                for i in range(len(words) - n + 1):
                    gram = words[i:i + n]
                    if n == 1 and (len(gram[0]) < 2 or gram[0].isdigit()
                                   or ROMAN_RE.match(gram[0])):
                        continue
                    if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                        continue
                    counts[" ".join(gram)] += 1
    return counts


def base_forms(surface, known, exceptions):
    """The (lemma, pos) pairs an n-gram as written may be.

    `known` maps a lowercased WordNet lemma to its parts of speech. A form
    reached by a part of speech's detachment rules counts only for that
    part of speech, so "training" is the noun training and the verb train,
    never the noun train.
    """
    heads = {surface, surface.replace("-", ""), surface.replace("-", " ")}
    out = set()
    for head in heads:
        parts = head.split()
        for last in {parts[-1]} | american(parts[-1]):
            for pos, rules in DETACH.items():
                candidates = {last} | exceptions.get((last, pos), set())
                for suffix, ending in rules:
                    if last.endswith(suffix) and len(last) > len(suffix) + 1:
                        candidates.add(last[: -len(suffix)] + ending)
                for cand in candidates:
                    form = " ".join(parts[:-1] + [cand])
                    if pos in known.get(form, ()):
                        out.add((form, pos))
    return out


def normalise(form):
    """Loose key for comparing forms with the project's data files."""
    form = form.lower().replace("-", " ").replace("\u2019", "'")
    words = form.split()
    if words:
        last = words[-1]
        if last.endswith("ies") and len(last) > 4:
            last = last[:-3] + "y"
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            last = last[:-1]
        words[-1] = last
        words = [next(iter(american(w)), w) if american(w) else w for w in words]
    return " ".join(words)


def existing_groups(data_dir):
    """Sets of normalised forms, one a line, from the three data files."""
    groups = []
    for name in ("concepts.txt", "families.txt", "synonyms.txt"):
        path = os.path.join(data_dir, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                forms = re.split(r"\s*[|>]\s*", line)
                groups.append({normalise(f) for f in forms if f.strip()})
    return groups


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", required=True,
                        help="folder with WordNet's data.noun, data.verb, data.adj")
    parser.add_argument("--corpus", required=True, help="folder of .txt releases")
    parser.add_argument("--data", default=os.path.join(here, os.pardir, "data"),
                        help="folder with concepts.txt, families.txt, synonyms.txt")
    parser.add_argument("--min-count", type=int, default=2,
                        help="corpus occurrences a noun needs for part 2 (default 2)")
    parser.add_argument("--senses", type=int, default=1,
                        help="how many of a noun's senses part 2 uses (default 1)")
    args = parser.parse_args()

    synsets = list(read_synsets(args.wordnet))
    lemma_synsets = collections.defaultdict(list)  # (lemma, pos) -> indexes
    known = collections.defaultdict(set)  # lemma -> parts of speech
    for index, (_, pos, lemmas, _, _) in enumerate(synsets):
        for lemma in lemmas:
            lemma_synsets[(lemma.lower(), pos)].append(index)
            known[lemma.lower()].add(pos)
    exceptions = read_exceptions(args.wordnet)
    sense_order = read_sense_order(args.wordnet)

    # Corpus counts per (lemma, pos), and the spellings the corpus uses.
    lemma_count = collections.Counter()
    surfaces = collections.defaultdict(collections.Counter)
    for surface, count in corpus_ngrams(args.corpus).items():
        for lemma, pos in base_forms(surface, known, exceptions):
            lemma_count[(lemma, pos)] += count
            surfaces[lemma][surface] += count

    def corpus_form(lemma):
        # The lemma as written when the corpus has it so, else the spelling
        # the corpus uses most (British, or an inflected form).
        forms = surfaces[lemma]
        if lemma in forms:
            return lemma
        return max(forms, key=lambda f: (lemma in american(f), forms[f], f))

    def sense_rank(lemma, pos, synset_id):
        # "2/5": the synset is the lemma's second of five senses.
        if sense_order is None:
            return "?"
        offset = synset_id.split("-")[0]
        ranked = sense_order.get((lemma, pos), [])
        if offset in ranked:
            return "%d/%d" % (ranked.index(offset) + 1, len(ranked))
        return "?"

    groups = existing_groups(args.data)

    def already_listed(forms):
        keys = {normalise(f) for f in forms}
        return any(keys <= group for group in groups)

    def listed_with(form):
        key = normalise(form)
        together = set()
        for group in groups:
            if key in group:
                together |= group
        return together

    printed = 0
    out = sys.stdout
    out.write("# WordNet 3.0 candidates for data/concepts.txt: NOT reviewed.\n"
              "# Every line needs a person's judgement before it goes anywhere.\n")

    out.write("\n# Part 1: synsets with two or more lemmas in the corpus\n")
    for synset_id, pos, lemmas, gloss, instance in synsets:
        if instance:
            continue
        present, keys = [], set()
        for lemma in lemmas:
            key = lemma.lower()
            if lemma_count[(key, pos)] and key not in STOPWORDS:
                form = corpus_form(key)
                if normalise(form) not in keys:
                    keys.add(normalise(form))
                    present.append((key, form))
        if len(present) < 2:
            continue
        forms = [form for _, form in present]
        if already_listed(forms):
            continue
        counts = ", ".join("%s x%d (sense %s)"
                           % (f, lemma_count[(l, pos)], sense_rank(l, pos, synset_id))
                           for l, f in present)
        out.write("# %s in corpus: %s\n" % (synset_id, counts))
        out.write("%s   # %s\n" % (" | ".join(forms), gloss))
        printed += 1

    out.write("\n# Part 2: names the corpus does not use for its nouns "
              "(first %d sense(s), corpus count >= %d)\n"
              % (args.senses, args.min_count))
    seen = set()
    nouns = [key for key in lemma_count if key[1] == "n"]
    for lemma, pos in sorted(nouns, key=lambda k: (-lemma_count[k], k)):
        if lemma_count[(lemma, pos)] < args.min_count or lemma in STOPWORDS:
            continue
        indexes = lemma_synsets[(lemma, pos)]
        if sense_order is not None:
            ranked = sense_order.get((lemma, pos), [])[: args.senses]
            indexes = [i for i in indexes if synsets[i][0].split("-")[0] in ranked]
        for index in indexes:
            synset_id, _, lemmas, gloss, instance = synsets[index]
            if index in seen or instance:
                continue
            seen.add(index)
            present = corpus_form(lemma)
            listed = listed_with(present) | {normalise(present)}
            others = []
            for other in lemmas:
                if lemma_count[(other.lower(), pos)] or normalise(other) in listed:
                    continue
                if normalise(other) not in [normalise(o) for o in others]:
                    others.append(other)
            if not others:
                continue
            out.write("# %s in corpus: %s x%d (sense %s)\n"
                      % (synset_id, present, lemma_count[(lemma, pos)],
                         sense_rank(lemma, pos, synset_id)))
            out.write("%s | %s   # %s\n" % (present, " | ".join(others), gloss))
            printed += 1

    out.write("\n# %d candidate groups\n" % printed)
    sys.stderr.write("%d candidate groups\n" % printed)


if __name__ == "__main__":
    main()
