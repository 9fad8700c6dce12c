import pytest

from workagenda.target_years import target_year_from_text


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2027 is er in elke gemeente in Drenthe gekeken naar wat er nodig is", 2027),
        ("Uiterlijk 1 januari 2025 hebben zorgverzekeraars en gemeenten afspraken gemaakt", 2025),
        ("In [nader te bepalen jaar] wordt AI ingezet ter ondersteuning", None),
        ("Netwerkorganisatie als vliegwiel voor samenwerking", None),
        ("Eind 2024 vindt alle communicatie plaats op B1-niveau", 2024),
        ("Aan het eind van 2024 is in heel Drenthe een integrale intake beschikbaar", 2024),
        ("Vanaf 2025 is iedere (toekomstige) ouder op de hoogte", 2025),
        ("Met ingang van 2025 werkt de coalitie toe naar resultaatsafspraken", 2025),
        # A reference year is not a deadline.
        ("In 2025 hebben alle 12 gemeenten meer rookvrije omgevingen ten opzichte van 2022", 2025),
        # Staged goals are due when their last stage is due.
        ("In 2024 is een plan van aanpak gereed; Implementatie in 2025; Realisatie uiterlijk 2026.", 2026),
        ("De looptijd is in 2023-2026", 2026),
        ("Het programma start in het jaar 1850", None),
    ],
)
def test_target_year_from_text(text, year):
    assert target_year_from_text(text) == year
