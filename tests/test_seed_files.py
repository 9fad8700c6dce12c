"""Checks on the structured seed files in fixtures/seed/ against the source texts.

Plain pytest, no Django: the seed JSON is validated on its own, and the counts of
the Gezonde Marke work agenda are recomputed independently from the annex of the
source report (fixtures/sources/001_werkagenda_rapport.txt).
"""

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"
SOURCES = FIXTURES / "sources"
AGENDAS = SEED / "agendas"

GEZONDE_MARKE = AGENDAS / "werkagenda-gezonde-marke.json"
IJSSEL_VECHT = AGENDAS / "regioplan-ijssel-vecht-coalities.json"
DRENTS_ZORGLANDSCHAP = AGENDAS / "werkagenda-drents-zorglandschap.json"

SOURCE_FILES = [
    "001_werkagenda_rapport.txt",
    "002_drents_zorglandschap.txt",
    "003_regioplan_drenthe.txt",
    "004_regioplan_ijssel_vecht.txt",
]

# Annex headings (3.1-3.6) of the report and the theme names used in the seed.
ANNEX_THEMES = [
    ("Vitaal ouder worden", "Vitaal ouder worden"),
    ("Arbeidsmarktvragen", "Arbeidsmarktvraagstukken"),
    ("Mentale Gezondheid", "Mentale Gezondheid"),
    ("Gezondheid en Leefstijl", "Gezondheid en Leefstijl"),
    ("Zorgtransitie en toegankelijkheid", "Zorgtransitie en toegankelijkheid"),
    ("Kwetsbare Inwoners", "Kwetsbare Inwoners"),
]


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def letters(n):
    return [chr(ord("A") + i) for i in range(n)]


def annex_counts_from_source():
    """Goals per theme and per group, counted from the letter markers in the annex.

    A goal starts on a line with a capital letter and a full stop ("A. In 2027 ...",
    " D. Om ...", "A.Netwerkorganisatie ..."); letters restart at A for every group.
    Run-in sub-items such as "B) Een scholingaanbod" do not count.
    """
    text = (SOURCES / "001_werkagenda_rapport.txt").read_text(encoding="utf-8")
    annex = text[text.index("3. Bijlage") :]
    heading = re.compile(r"^\s*3\.(\d)\.?\s+(\S.*?)\s*$")
    marker = re.compile(r"^\s*([A-Z])\.(?=\s|[A-Z])")
    themes = []
    for line in annex.splitlines():
        m = heading.match(line)
        if m:
            themes.append({"heading": m.group(2), "groups": [], "letters": []})
            continue
        m = marker.match(line)
        if m:
            letter = m.group(1)
            theme = themes[-1]
            if letter == "A":
                theme["groups"].append(0)
            theme["groups"][-1] += 1
            theme["letters"].append(letter)
    return themes


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize("name", SOURCE_FILES)
def test_source_copies_present(name):
    path = SOURCES / name
    assert path.is_file()
    assert path.stat().st_size > 1000


# ---------------------------------------------------------------- (1)/(2) agenda counts


def test_annex_structure_as_expected():
    counted = annex_counts_from_source()
    assert [t["heading"] for t in counted] == [h for h, _ in ANNEX_THEMES]
    # guard against the counting regex silently drifting
    assert [t["groups"] for t in counted] == [
        [3, 8, 5],
        [6, 2, 6],
        [5, 2, 6],
        [3, 5, 4],
        [4, 4, 7],
        [4, 5, 4],
    ]


def test_gezonde_marke_counts_match_source():
    counted = annex_counts_from_source()
    agenda = load(GEZONDE_MARKE)
    assert len(agenda["themes"]) == len(counted)
    for theme, source, (_, name) in zip(agenda["themes"], counted, ANNEX_THEMES, strict=True):
        assert theme["name"] == name
        assert [len(g["goals"]) for g in theme["groups"]] == source["groups"], name
        assert sum(len(g["goals"]) for g in theme["groups"]) == len(source["letters"])


def test_gezonde_marke_letters_without_gaps():
    agenda = load(GEZONDE_MARKE)
    for theme in agenda["themes"]:
        for group in theme["groups"]:
            found = [goal["letter"] for goal in group["goals"]]
            assert found == letters(len(found)), (theme["name"], group["number"], found)


def test_gezonde_marke_letters_match_source_order():
    counted = annex_counts_from_source()
    agenda = load(GEZONDE_MARKE)
    for theme, source in zip(agenda["themes"], counted, strict=True):
        seed_letters = [goal["letter"] for group in theme["groups"] for goal in group["goals"]]
        assert seed_letters == source["letters"], theme["name"]


def test_gezonde_marke_group_titles_not_invented():
    agenda = load(GEZONDE_MARKE)
    assert agenda["region"] == "drenthe"
    assert agenda["plan"] == "regioplan-drenthe"
    assert agenda["theme_label"] == "thema"
    for theme in agenda["themes"]:
        assert [g["number"] for g in theme["groups"]] == list(range(1, len(theme["groups"]) + 1))
        for group in theme["groups"]:
            assert group["title"] == ""


# ---------------------------------------------------------------- (3) repaired texts


def goal(agenda, theme_number, group_number, letter):
    theme = next(t for t in agenda["themes"] if t["number"] == theme_number)
    group = next(g for g in theme["groups"] if g["number"] == group_number)
    return next(goal for goal in group["goals"] if goal["letter"] == letter)


def goal_text(agenda, theme_number, group_number, letter):
    return goal(agenda, theme_number, group_number, letter)["text"]


REPAIRED_GEZONDE_MARKE = [
    # "dorps- " + "/buurtcoördinator" across a line break
    (
        1,
        1,
        "A",
        "In 2027 is er in elke gemeente in Drenthe gekeken naar wat er nodig is om de vraag van het formele en het "
        "informele aanbod op elkaar af te stemmen en is ervaring opgedaan (passend bij de couleur lokale) met een "
        "dorps-/buurtcoördinator/buurtverbinder, die regelruimte heeft om ondersteuning over domeinen en wetten heen "
        "te organiseren.",
    ),
    # line-break hyphenation removed
    (
        1,
        1,
        "B",
        "In 2027 wordt 25% van de ondersteunings- of hulpvragen weggenomen door de dorpsgemeenschap of wijk zelf.",
    ),
    (
        1,
        2,
        "A",
        "In 2030 is er een provinciedekkend netwerk van virtuele (digitale) en fysieke coördinatie- en herstelcentra "
        "(HEMAregio), waarbij door middel van triage 20% van de acute zorgsituaties buiten de Spoedeisende Hulp (SEH) "
        "en huisartsenpost kan worden opgevangen of wordt omgebogen tot planbare zorg of naar een niet-acute "
        "zorgvraag.",
    ),
    # continuation after a page break (line starting with a space) joined back
    (
        1,
        2,
        "F",
        "In 2027 heeft elke gemeente een plan voor het reduceren van indicatiestellingen en administratieve druk. "
        "Ondersteuningsvragen van inwoner (cliënt/mantelzorg) kan met intake en advies sneller en generieker worden "
        "beoordeeld en activiteiten worden opgestart",
    ),
    (
        2,
        2,
        "B",
        "In Drenthe gaan we vanaf 2025 sectoroverstijgend, op themaniveau, kennisdeling en uitwisseling faciliteren "
        "waar we ook begeleidend onderzoek vanuit onderwijs op aansluiten. Daarbij leren we steeds meer welke "
        "technologieën goed toepasbaar zijn en waar op dit gebied nog vaardigheidsontwikkeling nodig is bij "
        "cliënten/patiënten en hun netwerk, inwoners en professionals waar we gezamenlijk programma's voor gaan "
        "ontwikkelen. We nemen de leefwereld van de cliënt als vertrekpunt voor de inzet van bestaande implementatie "
        "en adoptie",
    ),
    # real hyphens kept at line ends: Noord-Nederland, (zij-)instromers
    (
        2,
        3,
        "A",
        "In 2024 is door onderzoek bekend welke motiverende factoren van belang zijn om potentiële (zij-)instromers "
        "(denk aan gepensioneerden, vrijwilligers, medewerkers uit andere sectoren, mensen met een uitkering, etc.) "
        "te bewegen om iets te betekenen in zorg en welzijn. We willen kijken naar al het onderzoek dat al gedaan is, "
        "waarop eventueel additioneel onderzoek gedaan kan worden; In 2024 zijn de oplossingsrichtingen voorhanden "
        "voor de organisatie en de mogelijkheden voor regionaal samenwerken op dit thema. In 2025 is er een regionaal "
        "plan van aanpak. We sluiten hiervoor aan bij lopende arbeidsmarktinitiatieven, waaronder de Human Capital "
        "Agenda Noord-Nederland; In 2025 is de oplossingsrichting gerealiseerd",
    ),
    # goal starting after a page break (" D. Om ..."), 'meer-\nuren' -> 'meeruren'
    (
        2,
        3,
        "D",
        "Om de toegankelijkheid van zorg te kunnen borgen beperken we concurrentie tussen organisaties door "
        "regionaal werkgeverschap. We gaan aan de slag met ‘het meeruren werken’ mogelijk en aantrekkelijk maken en "
        "het gezamenlijk inrichten van flexibele arbeid, waarbij we kijken naar zowel eigen gezamenlijke poules, "
        "uitzendkrachten als ZZP; In 2024 is vóór de zomer een verkenning van het Drents werkgeverschap afgerond; "
        "In 2024 is een plan van aanpak gereed voor implementatie waarbij we willen starten met "
        "uitbreidingsmogelijkheden contracten huidige medewerkers (Het Potentieel Pakken); Implementatie in 2025 en "
        "eerste pilots; Realisatie uiterlijk 2026.",
    ),
    (
        2,
        3,
        "F",
        "In 2024 hebben we met het mbo- en hbo-onderwijs een beeld van breed opleiden van de zorgprofessional in de "
        "zorg vanuit het Drents IZA-regioplan en wat dit betekent voor het onderwijscurriculum. Het betreft "
        "competenties zoals community care, innovatief vakmanschap en netwerkzorg; In 2025 heeft het onderwijs het "
        "curriculum aangepast op dit gewenste beeld",
    ),
    (
        3,
        1,
        "D",
        "In 2028 zijn er in alle sectoren niet-vrijblijvende afspraken gemaakt ter bevordering van een mentaal "
        "gezonde werkomgeving. In deze afspraken wordt ten minste invulling gegeven aan: preventie van burn-out "
        "(klachten), het vergroten van de vitaliteit van medewerkers en betekenisvol werk voor iedereen",
    ),
    (
        3,
        2,
        "A",
        "In 2027 is er in Drenthe een regionaal dekkend netwerk van fysieke, laagdrempelige en makkelijk bereikbare "
        "ontmoetings- en steunpunten gericht op maatschappelijk herstel en groei in zelfregie.",
    ),
    # text cut off in the source, next goal starts on the following line
    (
        4,
        2,
        "B",
        "In 2040 is er in Drenthe, en/of binnen Drenthe is: Voldoet >46% van de volwassenen aan de Nederlandse Norm "
        "Gezond Bewegen; Is het percentage wat hieraan voldoet onder jongeren verhoogd; De groep inwoners die wel wil "
        "maar niet kan of gaat bewegen ≤35%; Is het overgewicht in de provincie ≤ 38%; Rookt 0% van de jongeren onder "
        "de 18 jaar, rookt 0% van de zwangere vrouwen, rookt < 5% van de volwassenen boven de 18 jaar; Drinkt 0% van "
        "de jongeren",
    ),
    (
        4,
        2,
        "C",
        "In 2025 hebben alle omgevingen hieronder in Drenthe een integrale aanpak (plan + evaluatie) om bij te dragen "
        "aan een gezonde omgeving. Dit houdt in: een gezonde leefomgeving, werkomgeving, kinderopvang, school, "
        "sportkantine, wijkcentrum, supermarkt etc. Hierbij richten we ons zoveel mogelijk op koepelorganisaties. "
        "Als we het samen doen, integraal, dan maken we de grootste impact",
    ),
    # marker without a space: "A.Netwerkorganisatie"
    (5, 1, "A", "Netwerkorganisatie als vliegwiel voor samenwerking, innovatie & transformatie in de regio"),
    (
        5,
        3,
        "B",
        "Het opstellen van een plan van aanpak voor het versterken van eerstelijns zorg, gericht op de benodigde "
        "transformatie in de zorg en aansluitend bij de IZA-doelstellingen",
    ),
    # The source lost the hyphen of 'dorps- of' in conversion; the seed restores it.
    (
        6,
        3,
        "B",
        "In 2028 is het voor een inwoner vanzelfsprekend om voor niet-medische vragen aan te kloppen bij (één van) de "
        "dorps- of buurtcoördinatoren/buurtverbinders, in plaats van bij de huisarts.",
    ),
    (
        6,
        3,
        "D",
        "In 2024 richt ondersteuning vanuit de hulpvraag zich op herstel(-ondersteuning), veerkracht, (perspectief "
        "op) meedoen en persoonlijke groei.",
    ),
]


@pytest.mark.parametrize(("theme", "group", "letter", "expected"), REPAIRED_GEZONDE_MARKE)
def test_gezonde_marke_repaired_texts(theme, group, letter, expected):
    assert goal_text(load(GEZONDE_MARKE), theme, group, letter) == expected


def test_ijssel_vecht_repaired_texts():
    agenda = load(IJSSEL_VECHT)
    # Mentaal Welbevinden, Doel 1: measurable agreement split by a page break, kept with its result
    assert goal_text(agenda, 2, 1, "A") == "Bestaande structuren waar inwoners al komen toerusten."
    assert goal(agenda, 2, 1, "A")["approach"].splitlines()[0] == (
        "a. In 2024 bepaalt elke gemeente of ze voortbouwen op bestaande interventies en/of nieuwe interventies "
        "ontwikkelen voor adequate toerusting van de sociale basis voor bewustwording en versterken van mentale "
        "vaardigheden. Input vormt een (lopende) inventarisatie door gemeenten om inzicht te krijgen in behoeften en "
        "huidige capaciteit van bestaande structuren."
    )
    # Vitaal Ouder Worden, Doel 4: the link the result names, as the source gives it
    assert goal_text(agenda, 3, 4, "B") == (
        "Er is een Beter Laten-lijst beschikbaar voor diverse zorgsectoren: https://www.venvn.nl/thema-s/beter-laten/. "
        "Medio 2024 is een actieplan gereed met betrokkenheid zorgorganisaties om hiermee aan de slag te gaan."
    )
    # Arbeidsmarkt, Doel 2: result split by a page break
    assert goal_text(agenda, 6, 2, "A") == (
        "We zijn een aantrekkelijke en flexibele arbeidsmarkt waar iedereen betekenisvol kan meedoen."
    )


# ---------------------------------------------------------------- (4) recommendations


def test_recommendations():
    data = load(SEED / "recommendations.json")
    recs = data["recommendations"]
    assert data["source_document"]
    assert [r["number"] for r in recs] == list(range(1, 11))
    for rec in recs:
        assert set(rec) == {"number", "short_title", "lead", "text"}
        assert rec["text"].startswith(rec["lead"])
        assert not re.search(r"\s\d{1,2}\.\s*$", rec["text"])
    by_number = {r["number"]: r for r in recs}
    assert by_number[1]["short_title"] == "Investeer in integrale benaderingen"
    assert by_number[1]["lead"] == "Investeer in integrale benaderingen"
    assert by_number[2]["short_title"] == "Versterk de samenwerking tussen de verschillende domeinen"
    assert by_number[4]["short_title"] == "Onderwijs; extra inzet op scholen"
    assert by_number[4]["lead"] == (
        "Onderwijs heeft een belangrijke rol in het behouden en stimuleren van een gezond gewicht via onder andere "
        "signalering (Jeugd Gezondheidszorg) en (Gezonde School) aanpak."
    )
    assert by_number[10]["short_title"] == "Zet in op regie op netwerken en programma's"
    # recommendation 9 is printed run together with "10." in the source: it must stop before it
    assert by_number[9]["text"] == (
        "Monitor en evalueer programma's regelmatig: Zorg voor een adequate monitoring en evaluatie van "
        "gezondheidsprogramma's om te bepalen wat werkt, wat niet werkt en waar verbeteringen nodig zijn. Dit helpt "
        "bij het nemen van evidence-based beslissingen en het optimaliseren van middelen."
    )
    assert by_number[10]["text"] == (
        "Zet in op regie op de netwerken en programma’s in plaats van op projectmanagement: De veelheid aan netwerken "
        "waarin dezelfde personen en/ of organisaties vaak in overlappende samenstellingen aan tafel zitten moet "
        "anders ingericht worden om efficiënter te kunnen werken"
    )
    # the footnote URL inside recommendation 3 is dropped
    assert by_number[3]["text"] == (
        "Versterk de verbinding met huisartsen: Verbeter de samenwerking tussen de eerstelijnszorg (zoals "
        "huisartsen) en de nuldelijnszorg (zoals welzijnswerk en buurtsportcoaches) om gezondheidsproblemen beter te "
        "signaleren en te behandelen en om de continuïteit van zorg te waarborgen."
    )
    expected = [{"from": 10, "to": n, "kind": "precondition"} for n in range(1, 10)]
    expected.append({"from": 5, "to": 7, "kind": "overlap"})
    assert data["relations"] == expected


# ---------------------------------------------------------------- (5) shape of every file


def all_json_files():
    return sorted(SEED.rglob("*.json"))


def walk_strings(obj):
    if isinstance(obj, dict):
        for value in obj.values():
            yield from walk_strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from walk_strings(value)
    elif isinstance(obj, str):
        yield obj


def test_expected_files_exist():
    names = {p.relative_to(SEED).as_posix() for p in all_json_files()}
    assert names == {
        "recommendations.json",
        "regions.json",
        "agendas/werkagenda-gezonde-marke.json",
        "agendas/regioplan-ijssel-vecht-coalities.json",
        "agendas/werkagenda-drents-zorglandschap.json",
        "agenda_items.json",
        "indicators.json",
    }


@pytest.mark.parametrize("path", all_json_files(), ids=lambda p: p.name)
def test_json_loads_and_text_is_clean(path):
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    for s in walk_strings(data):
        assert s == s.strip(), repr(s[:80])
        assert "  " not in s, repr(s[:80])
        for url in re.findall(r"https?://\S+", s):  # only a link a result itself names
            assert url.rstrip(".") in SOURCE_URLS, url
        assert "**" not in s, repr(s[:80])


def test_regions_and_plans():
    data = load(SEED / "regions.json")
    assert set(data) == {"regions", "plans"}
    regions = {r["slug"]: r for r in data["regions"]}
    assert set(regions) == {"drenthe", "ijssel-vecht"}
    assert regions["drenthe"]["network"] == "Gezonde Marke"
    assert regions["ijssel-vecht"]["network"] == "Samen Gezond IJssel-Vecht"
    for region in data["regions"]:
        assert set(region) == {"slug", "name", "network", "description"}
        assert all(region[k] for k in region)
    plan_keys = {
        "region",
        "slug",
        "name",
        "kind",
        "period_start",
        "period_end",
        "ambition",
        "summary",
        "source_document",
        "objectives",
    }
    slugs = [p["slug"] for p in data["plans"]]
    assert slugs == ["regioplan-drenthe", "werkagenda-drents-zorglandschap-2022-2026", "regioplan-ijssel-vecht"]
    for plan in data["plans"]:
        assert set(plan) == plan_keys
        assert plan["region"] in regions
        assert plan["kind"] in {"regioplan", "werkagenda"}
        for key in ("name", "ambition", "summary", "source_document"):
            assert plan[key], (plan["slug"], key)
        for key in ("period_start", "period_end"):
            assert plan[key] is None or isinstance(plan[key], int)
        numbers = [o["number"] for o in plan["objectives"]]
        assert numbers == list(range(1, len(numbers) + 1))
        for objective in plan["objectives"]:
            assert set(objective) == {"kind", "number", "title", "description"}
            assert objective["title"] and objective["description"]
    plans = {p["slug"]: p for p in data["plans"]}
    drenthe = plans["regioplan-drenthe"]
    assert drenthe["ambition"].startswith("De Drentse droom is: In 2040")
    assert [o["title"] for o in drenthe["objectives"]] == [
        "Netwerkaanpak",
        "Sterke sociale basis",
        "Gezonde leefomgeving",
        "Innovaties en transformaties",
        "Toekomstbestendige arbeidsmarkt",
        "Toegankelijke zorg",
    ]
    assert {o["kind"] for o in drenthe["objectives"]} == {"task"}
    werkagenda = plans["werkagenda-drents-zorglandschap-2022-2026"]
    assert (werkagenda["period_start"], werkagenda["period_end"]) == (2022, 2026)
    assert [o["title"] for o in werkagenda["objectives"]] == [
        "Verdieping op kennis en afgestemde inkoop",
        "Verduidelijking grensvlakken tussen de wetten",
        "Het tot stand brengen van een gedeeld beeld van de regio",
    ]
    assert {o["kind"] for o in werkagenda["objectives"]} == {"overarching_goal"}


AGENDA_KEYS = {"region", "plan", "slug", "name", "theme_label", "source_document", "description", "themes"}


@pytest.mark.parametrize("path", sorted(AGENDAS.glob("*.json")), ids=lambda p: p.name)
def test_agenda_shape(path):
    agenda = load(path)
    regions = load(SEED / "regions.json")
    assert set(agenda) == AGENDA_KEYS
    assert agenda["slug"] == path.stem
    assert agenda["region"] in {r["slug"] for r in regions["regions"]}
    plans = {p["slug"]: p for p in regions["plans"]}
    assert agenda["plan"] is None or plans[agenda["plan"]]["region"] == agenda["region"]
    assert agenda["theme_label"] in {"thema", "coalitie"}
    assert agenda["name"] and agenda["source_document"]
    assert [t["number"] for t in agenda["themes"]] == list(range(1, len(agenda["themes"]) + 1))
    codes = [t["code"] for t in agenda["themes"]]
    assert len(set(codes)) == len(codes)
    for theme in agenda["themes"]:
        assert set(theme) == {"number", "code", "name", "description", "groups"}
        assert re.fullmatch(r"[A-Z]{2,4}", theme["code"])
        assert theme["name"]
        assert theme["groups"]
        for group in theme["groups"]:
            assert {"number", "title", "description", "goals"} <= set(group) <= {
                "number", "title", "description", "goals", "approach"
            }  # fmt: skip
            found = [goal["letter"] for goal in group["goals"]]
            assert found == letters(len(found))
            assert len(set(found)) == len(found)
            for goal in group["goals"]:
                assert set(goal) <= {"letter", "text", "approach", "target_year"}
                assert goal["text"].strip()
                if "target_year" in goal:
                    assert isinstance(goal["target_year"], int) and 2000 <= goal["target_year"] <= 2100


def test_ijssel_vecht_coalitions():
    agenda = load(IJSSEL_VECHT)
    assert agenda["region"] == "ijssel-vecht"
    assert agenda["plan"] == "regioplan-ijssel-vecht"
    assert agenda["theme_label"] == "coalitie"
    assert [t["name"] for t in agenda["themes"]] == [
        "Gezond Leven & Preventie",
        "Mentaal Welbevinden",
        "Vitaal Ouder Worden",
        "Zorginnovatie & Transformatie",
        "Digitalisering",
        "Arbeidsmarkt",
    ]
    shape = {t["code"]: [len(g["goals"]) for g in t["groups"]] for t in agenda["themes"]}
    assert shape == {
        "GLP": [1, 3, 2, 3],
        "MW": [3, 2, 2],
        "VOW": [3, 3, 3, 6, 3],
        "ZIT": [4, 2, 1],
        "DIG": [2, 3, 3],
        "AM": [3, 2, 4],
    }
    first = agenda["themes"][0]["groups"][0]
    assert (first["number"], first["title"]) == (1, "Gelijke kansen")
    for theme in agenda["themes"]:
        for group in theme["groups"]:
            assert group["title"]


def test_drents_zorglandschap_agenda():
    agenda = load(DRENTS_ZORGLANDSCHAP)
    assert agenda["plan"] == "werkagenda-drents-zorglandschap-2022-2026"
    assert [t["name"] for t in agenda["themes"]] == ["Ouderenzorg", "Sluitende keten GGZ", "Sport & Preventie"]
    assert [[len(g["goals"]) for g in t["groups"]] for t in agenda["themes"]] == [[6], [5], [5]]


# ---------------------------------------------------------------- (5) every result of 004 in the seed

COALITIONS = {
    "Coalitie Gezond leven & Preventie": "GLP",
    "Coalitie Mentaal Welbevinden": "MW",
    "Coalitie Vitaal ouder worden": "VOW",
    "Coalitie Zorginnovatie & transformatie": "ZIT",
    "Coalitie Digitalisering": "DIG",
    "Coalitie Arbeidsmarkt": "AM",
}
RESULT = re.compile(r"^\*\*Resultaat(?: (\d+))?:\*\*\s*(.*)$")
DOEL = re.compile(r"^#+\s*(?:\*\*)?Doel (\d+):")
SOURCE_URLS = {"https://www.venvn.nl/thema-s/beter-laten/"}


def unwrapped(text: str) -> str:
    """Source text as the seed keeps it: footnote markers, link brackets and emphasis gone, one space between words."""
    text = re.sub(r"\s*<sup>\d+</sup>", "", text)  # footnote markers
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text).replace("**", "").replace("*", "")
    return " ".join(text.split())


def source_results() -> list[tuple[str, int, int, str]]:
    """(coalition code, Doel number, result number, text) of every "Resultaat" in chapter 9 of 004.

    A result the PDF broke over a page continues in the next paragraph: it ends without a full stop."""
    lines = (SOURCES / "004_regioplan_ijssel_vecht.txt").read_text(encoding="utf-8").splitlines()
    found, code, doel = [], None, None
    for index, line in enumerate(lines):
        heading = line.lstrip("# ").strip()
        if line.startswith("# "):
            code = COALITIONS.get(heading)
            continue
        if code and (m := DOEL.match(line)):
            doel = int(m.group(1))
        if code and (m := RESULT.match(line.strip())):
            text, following = m.group(2).strip(), index + 1
            while not text.rstrip("'").endswith((".", ")")) and not lines[following].startswith("**"):
                text += " " + lines[following].strip()
                following += 1
            found.append((code, doel, int(m.group(1) or 1), unwrapped(text)))
    return found


def test_the_source_has_the_results_the_issue_names():
    results = source_results()
    assert len(results) == 58
    assert [text for code, *_rest, text in results if code == "MW"] == [
        "Bestaande structuren waar inwoners al komen toerusten.",
        "Bewustwordingscampagnes gericht op verschillende groepen inwoners.",
        "Digitale platforms die voor alle inwoners toegankelijk zijn.",
        "In de regio een dekkende graad van laagdrempelige steunpunten (dit is een landelijke afspraak).",
        "Bekendheid over wie waar informele steun biedt.",
        "Verkennend gesprek (landelijke afspraak).",
        "Consultatiefunctie en deskundigheidsbevordering (landelijke afspraak).",
    ]


@pytest.mark.parametrize("code, doel, number, text", source_results())
def test_every_result_of_every_coalition_goal_is_in_the_seed_with_its_exact_text(code, doel, number, text):
    agenda = load(IJSSEL_VECHT)
    theme = next(theme for theme in agenda["themes"] if theme["code"] == code)
    group = theme["groups"][doel - 1]
    assert group["number"] == doel
    letter = letters(number)[-1]  # result 1 is goal A, result 2 goal B, ...
    assert goal_text(agenda, theme["number"], doel, letter) == text


def test_the_seed_has_no_other_ijssel_vecht_goals_than_the_results():
    agenda = load(IJSSEL_VECHT)
    seeded = [
        (theme["code"], group["number"], goal["letter"])
        for theme in agenda["themes"]
        for group in theme["groups"]
        for goal in group["goals"]
    ]
    assert len(seeded) == len(source_results())


def test_approach_lines_are_the_sources_own_words():
    """Each approach line kept with a result (or its goal) is in the source, apart from its list letter."""
    source = unwrapped((SOURCES / "004_regioplan_ijssel_vecht.txt").read_text(encoding="utf-8"))
    agenda = load(IJSSEL_VECHT)
    approaches = [
        approach
        for theme in agenda["themes"]
        for group in theme["groups"]
        for approach in [group.get("approach", ""), *(goal.get("approach", "") for goal in group["goals"])]
        if approach
    ]
    assert approaches
    for approach in approaches:
        for line in approach.splitlines():
            assert re.sub(r"^[a-z]\. ", "", line) in source, line


def test_mentaal_welbevinden_keeps_its_measurable_agreements_with_their_results():
    agenda = load(IJSSEL_VECHT)
    mw = next(theme for theme in agenda["themes"] if theme["code"] == "MW")
    digital = mw["groups"][0]["goals"][2]
    assert digital["text"] == "Digitale platforms die voor alle inwoners toegankelijk zijn."
    assert digital["approach"].splitlines() == [
        "a. Minimaal 1 gemeente heeft in 2024 een pilot met een digitaal platform versterken mentale vaardigheden "
        "voor inwoners. Op basis van gebruikservaringen wordt dit verder doorontwikkeld.",
        "b. Vanaf 2026 is een digitaal platform in alle gemeenten beschikbaar.",
    ]
    # Doel 3 lists its agreements once, for both results: they stay with the goal.
    assert len(mw["groups"][2]["approach"].splitlines()) == 7


def test_every_goal_with_a_lettered_approach_in_the_source_keeps_it():
    """Under "Zo pakken we dat aan" most coalition goals list their steps a, b, c, ...: all of them are kept."""
    agenda = load(IJSSEL_VECHT)
    without = [
        f"{theme['code']}-{group['number']}"
        for theme in agenda["themes"]
        for group in theme["groups"]
        if not group.get("approach") and not any(goal.get("approach") for goal in group["goals"])
    ]
    assert without == ["ZIT-2"]  # its approach is prose per kind of care, not a list of steps
    healthy = next(theme for theme in agenda["themes"] if theme["code"] == "GLP")
    assert [line[:2] for line in healthy["groups"][2]["approach"].splitlines() if line[1:2] == "."] == [
        f"{letter}." for letter in "abcdefghi"
    ]
