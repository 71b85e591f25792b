#!/usr/bin/env python3
"""Writes data/actors/forces.toml: the armed forces and agencies of every state, by name.

    python3 scripts/build_forces.py

For every country of data/actors/countries.toml, its first singular demonym with each
head of HEADS ("Ukrainian Navy", "Ghanaian navy", "Russian border guards") and its name
with "Coast Guard" ("Japan Coast Guard"), plus the named forces of NAMED. A string that
another actor file already defines is left out (the IDF, Mossad, IRGC, Tatmadaw ... stay
institutions in countries.toml). Each resolves to its state as a force (NameKind::Force).
"""
import glob, os, tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
HEADS = [
    "Army", "Navy", "Air Force", "Armed Forces", "Coast Guard", "Border Guard",
    "army", "navy", "air force", "coast guard", "border guards", "military",
]
NAMED = {
    "USA": ["US Army", "U.S. Army", "US Navy", "U.S. Navy", "US Air Force", "U.S. Air Force",
            "US Marine Corps", "U.S. Marine Corps", "US Marines", "U.S. Marines", "US Coast Guard",
            "U.S. Coast Guard", "US military", "U.S. military", "US forces", "U.S. forces",
            "US Central Command", "U.S. Central Command", "CENTCOM", "INDOPACOM",
            "US Indo-Pacific Command", "AFRICOM", "US Africa Command", "EUCOM",
            "US European Command", "SOUTHCOM", "US Southern Command", "Space Force",
            "Department of War", "War Department", "Department of Homeland Security",
            "Secret Service", "Seventh Fleet", "Fifth Fleet", "Sixth Fleet"],
    "GBR": ["British Army", "Royal Navy", "Royal Air Force", "RAF", "Royal Marines", "UK military"],
    "RUS": ["Russian Armed Forces", "Rosgvardia", "National Guard of Russia", "Black Sea Fleet",
            "Northern Fleet", "Baltic Fleet", "Pacific Fleet", "Russian Aerospace Forces",
            "Russian Ministry of Defence", "Russian Defence Ministry", "Russian Defense Ministry"],
    "UKR": ["Armed Forces of Ukraine", "HUR", "GUR", "Ukrainian military intelligence",
            "National Guard of Ukraine", "Azov Brigade", "Azov Regiment", "Territorial Defense Forces"],
    "CHN": ["People's Liberation Army Navy", "PLA Navy", "PLA Air Force", "PLA Rocket Force",
            "Eastern Theater Command", "Southern Theater Command", "China Coast Guard",
            "People's Armed Police", "Ministry of State Security"],
    "TWN": ["Taiwan Coast Guard", "Taiwanese military"],
    "JPN": ["JSDF", "Japan Maritime Self-Defense Force", "Japan Air Self-Defense Force",
            "Japan Ground Self-Defense Force"],
    "KOR": ["Joint Chiefs of Staff of South Korea", "South Korean military", "ROK military",
            "South Korean army", "South Korean navy", "NIS", "National Intelligence Service"],
    "PRK": ["Korean People's Army", "KPA", "North Korean military", "North Korean army"],
    "IND": ["Indian Army", "Indian Navy", "Indian Air Force", "Research and Analysis Wing", "BSF",
            "Border Security Force"],
    "PAK": ["Pakistan Army", "Pakistan Navy", "Pakistan Air Force", "Inter-Services Intelligence",
            "ISPR"],
    "IRN": ["Islamic Revolutionary Guard Corps Navy", "IRGC Navy", "Artesh"],
    "ISR": ["Israel Defense Forces", "Israeli Air Force", "Israeli Navy", "Israel Police", "Unit 8200"],
    "SDN": ["Sudanese Armed Forces", "Sudanese army"],
    "MMR": ["Myanmar military", "Myanmar army", "Burmese military"],
    "TUR": ["Turkish Armed Forces"],
    "SAU": ["Royal Saudi Air Force", "Saudi-led coalition"],
    "FRA": ["French Army", "French Navy", "French Air and Space Force", "Foreign Legion"],
    "DEU": ["German Army", "German Navy", "Luftwaffe"],
    "PHL": ["Philippine Coast Guard", "Armed Forces of the Philippines", "Philippine Navy"],
    "VNM": ["Vietnam People's Army", "Vietnamese navy"],
    "EGY": ["Egyptian Armed Forces"],
    "NGA": ["Nigerian Army", "Nigerian Air Force"],
    "COD": ["FARDC", "Congolese army"],
    "LBN": ["Lebanese Armed Forces", "Lebanese army"],
    "SYR": ["Syrian Arab Army", "Syrian army"],
    "IRQ": ["Iraqi Security Forces", "Popular Mobilization Forces", "PMF", "Hashd al-Shaabi",
            "Peshmerga", "Iraqi army"],
    "AFG": ["Afghan National Army", "Afghan security forces"],
    "YEM": ["Yemeni army", "Presidential Leadership Council"],
    "LBY": ["Libyan National Army", "LNA"],
    "AUS": ["Australian Defence Force", "Royal Australian Navy", "Royal Australian Air Force"],
    "CAN": ["Canadian Armed Forces", "Royal Canadian Navy", "RCMP"],
}

# Names that stand for a state's forces only between two dates (YYYY-MM-DD, `to`
# exclusive and optional): (names, state, role, from, to). "Arab coalition" is the common
# name of the coalition Saudi Arabia has led in Yemen since its intervention of 26 March
# 2015; before that the words named other coalitions.
DATED = [
    (["Arab coalition", "Arab Coalition"], "SAU", "leads", "2015-03-26", None),
]


def main():
    taken = set()
    countries = []
    for f in glob.glob(os.path.join(ROOT, "data/actors/*.toml")):
        if f.endswith("forces.toml"):
            continue
        d = tomllib.load(open(f, "rb"))
        for a in d.get("actor", []):
            taken.add(a["name"])
            for k in ("names", "demonyms", "capitals", "institutions"):
                taken.update(a.get(k, []))
            if f.endswith("countries.toml"):
                countries.append(a)
        for p in d.get("person", []):
            taken.add(p["name"])
            taken.update(p.get("aliases", []))
        taken.update(d.get("names", []))
    out = ["# forces.toml: armed forces, coast guards, border guards, intelligence services and",
           "# commands, each to its state (NameKind::Force). Generated by scripts/build_forces.py",
           "# from the demonyms and names of countries.toml and the script's list of named forces;",
           "# edit the script and run it again. Format: see ../README.md, section Forces."]
    seen = set()
    for a in sorted(countries, key=lambda a: a["id"]):
        dem = next((d for d in a.get("demonyms", []) if not d.endswith("s")), None)
        names = []
        if dem:
            names += [f"{dem} {h}" for h in HEADS]
        names.append(f"{a['name']} Coast Guard")
        names += NAMED.get(a["id"], [])
        names = [n for n in names if n not in taken and not (n in seen or seen.add(n))]
        if not names:
            continue
        out.append(f'\n[[actor]]\nid = "{a["id"]}"\nforces = [')
        out += [f'  "{n}",' for n in names]
        out.append("]")
    for names, actor, role, start, end in DATED:
        out.append(f'\n[[dated_force]]\nname = "{names[0]}"')
        if names[1:]:
            out.append("aliases = [" + ", ".join(f'"{n}"' for n in names[1:]) + "]")
        until = f', to = "{end}"' if end else ""
        out.append(f'offices = [{{ actor = "{actor}", role = "{role}", from = "{start}"{until} }}]')
        seen.update(names)
    open(os.path.join(ROOT, "data/actors/forces.toml"), "w").write("\n".join(out) + "\n")
    print(f"{len(seen)} force names", flush=True)


if __name__ == "__main__":
    main()
