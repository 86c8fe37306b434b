"""Hand-written newcomer backgrounds for the demo sample: past work, skills and ambitions.

Fake people: only a first name and an initial, no nationality, religion, gender or age. A
background names the past occupation by its ESCO English preferred label (``""`` when there
is no work history), a few skills as ESCO labels with the words a coach would type, and the
catalogue jobs (:mod:`data.jobs`) such a person usually aims for, most likely first.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.jobs import JOB_BY_KEY, Skill, parse_skills


@dataclass(frozen=True, slots=True)
class Background:
    """A typical work history of a newcomer and where it usually leads."""

    key: str
    esco: str
    word_nl: str
    word_en: str
    years: tuple[int, int]
    places: tuple[str, ...]
    langs: tuple[str, ...]
    skills: tuple[Skill, ...]
    ambitions: tuple[str, ...]
    weight: int = 2


def _bg(key: str, esco: str, words: str, years: tuple[int, int], places: str, langs: str,
        skills: str, ambitions: str, weight: int = 2) -> Background:
    nl, en = words.split("|")
    found = JOB_BY_KEY[skills[4:]].skills if skills.startswith("job:") else parse_skills(skills)
    return Background(key, esco, nl, en, years, tuple(places.split("|")),
                      tuple(langs.split("|")), found, tuple(ambitions.split()), weight)


BACKGROUNDS: tuple[Background, ...] = (
    _bg("kleermaker", "tailor", "kleermaker|tailor", (3, 15), "Aleppo|Damascus|Kabul|Herat",
        "ar|fa", "job:kleermaker", "kleermaker naaister leer schoen productie", 3),
    _bg("keukenhulp", "kitchen assistant", "keukenhulp|kitchen help", (1, 6),
        "Syrië|Homs|Asmara|Damascus", "ar|ti", "job:keukenhulp",
        "keukenhulp kok afwas voedsel bediening", 4),
    _bg("kok", "cook", "kok|cook", (2, 14), "Aleppo|Teheran|Istanbul|Kyiv|Mosul",
        "ar|fa|tr|uk", "job:kok", "kok keukenhulp voedsel", 3),
    _bg("leraar", "primary school teacher", "leraar basisschool|primary school teacher", (2, 20),
        "Eritrea|Asmara|Aleppo|Kharkiv|Kabul", "ti|ar|uk|fa",
        "assist students in their learning=kinderen leren lezen en rekenen=teaching children "
        "to read and count; perform classroom management=klas van 40 kinderen=class of 40 "
        "pupils; prepare lesson content=lessen voorbereiden=preparing lessons",
        "onderwijsassistent kinderopvang taalmaatje tolk", 3),
    _bg("docent", "secondary school teacher", "docent wiskunde|maths teacher", (3, 18),
        "Damascus|Teheran|Kyiv|Odesa", "ar|fa|uk|en",
        "apply teaching strategies=lesgeven aan tieners=teaching teenagers; assess students="
        "toetsen nakijken=marking tests; compile course material=lesmateriaal maken="
        "making course material", "onderwijsassistent taalmaatje tolk helpdesk", 2),
    _bg("vrachtwagen", "cargo vehicle driver", "vrachtwagenchauffeur|truck driver", (3, 20),
        "Turkije|Gaziantep|Homs|Lviv", "tr|ar|uk", "job:vrachtwagen",
        "vrachtwagen bezorger heftruck bus orderpicker", 3),
    _bg("taxi", "taxi driver", "taxichauffeur|taxi driver", (2, 12), "Damascus|Kabul|Teheran",
        "ar|fa", "job:taxi", "taxi bezorger bus", 2),
    _bg("verpleegkundige", "nurse responsible for general care", "verpleegkundige|nurse",
        (2, 15), "Iran|Teheran|Shiraz|Asmara|Kharkiv", "fa|ti|uk|en",
        "implement nursing care=patiënten verplegen=nursing patients; first aid=EHBO=first aid; "
        "monitor basic patients signs=bloeddruk meten=taking blood pressure; hygiene in a "
        "health care setting=hygiënisch werken=working hygienically",
        "verpleeghulp helpende thuiszorg", 3),
    _bg("boer", "crop production worker", "boer|farmer", (5, 30),
        "Idlib|Daraa|Keren|Kandahar|Baidoa", "ar|ti|fa|so",
        "harvest crop=oogsten=harvesting; grow plants=groenten telen=growing vegetables; "
        "operate agricultural machinery=trekker rijden=driving a tractor",
        "kas hovenier plukker voedsel", 3),
    _bg("veehouder", "livestock worker", "schapen en koeien|livestock farmer", (5, 25),
        "Hasakah|Keren|Herat|Baidoa", "ar|ti|fa|so",
        "livestock feeding=dieren voeren=feeding animals; maintain the farm=boerderij "
        "onderhouden=maintaining the farm", "kas hovenier voedsel productie", 2),
    _bg("student", "", "student informatica|IT student", (0, 0),
        "Damascus|Teheran|Kyiv|Aleppo", "ar|fa|uk|en",
        "computer programming=programmeren Python=Python programming; use ICT hardware="
        "computers repareren=fixing computers; have computer literacy=goed met computers="
        "good with computers", "developer helpdesk orderpicker", 3),
    _bg("developer", "software developer", "programmeur|software developer", (2, 8),
        "Kyiv|Teheran|Aleppo|Kharkiv", "uk|fa|ar|en", "job:developer",
        "developer helpdesk", 2),
    _bg("boekhouder", "bookkeeper", "boekhouder|accountant", (3, 15), "Aleppo|Kabul|Kyiv",
        "ar|fa|uk", "maintain financial records=boekhouding bijhouden=bookkeeping; use "
        "accounting systems=werken met Excel en boekhoudprogramma=Excel and accounting software",
        "kassa winkel helpdesk taalmaatje", 2),
    _bg("monteur", "vehicle technician", "automonteur|car mechanic", (3, 20),
        "Homs|Mosul|Kabul|Asmara", "ar|fa|ti", "job:automonteur",
        "automonteur fietsenmaker assemblage lasser", 3),
    _bg("winkelier", "shop assistant", "eigen winkel|shopkeeper", (2, 20),
        "Aleppo|Mogadishu|Herat|Asmara", "ar|so|fa|ti", "job:winkel",
        "winkel kassa vakkenvuller kringloop", 3),
    _bg("kapper", "hairdresser", "kapper|hairdresser", (2, 12), "Damascus|Teheran|Kyiv",
        "ar|fa|uk", "job:kapper", "kapper barbier", 2),
    _bg("barbier", "barber", "barbier|barber", (2, 10), "Aleppo|Kabul|Mosul|Erbil", "ar|fa",
        "job:barbier", "barbier kapper", 2),
    _bg("bouw", "building construction worker", "bouwvakker|construction worker", (2, 20),
        "Homs|Aleppo|Asmara|Kabul", "ar|ti|fa", "job:bouw",
        "bouw stukadoor schilder metselaar tegelzetter", 4),
    _bg("metselaar", "bricklayer", "metselaar|bricklayer", (3, 20), "Aleppo|Mosul|Asmara",
        "ar|ti", "job:metselaar", "metselaar bouw tegelzetter", 2),
    _bg("elektricien", "building electrician", "elektricien|electrician", (3, 15),
        "Damascus|Kharkiv|Teheran", "ar|uk|fa", "job:elektricien",
        "elektricien installatie assemblage", 2),
    _bg("lasser", "welder", "lasser|welder", (2, 15), "Homs|Gaziantep|Dnipro", "ar|tr|uk",
        "job:lasser", "lasser assemblage productie", 2),
    _bg("bakker", "baker", "bakker|baker", (2, 15), "Aleppo|Homs|Asmara", "ar|ti",
        "bake goods=brood bakken=baking bread; knead food products=deeg kneden=kneading "
        "dough; apply HACCP=hygiëne=hygiene", "voedsel keukenhulp kok", 2),
    _bg("slager", "butcher", "slager|butcher", (2, 15), "Aleppo|Kabul|Mosul", "ar|fa",
        "handle knives for meat processing activities=vlees snijden=cutting meat; prepare meat "
        "for sale=vlees klaarmaken voor verkoop=preparing meat for sale",
        "voedsel keukenhulp productie", 1),
    _bg("schoenmaker", "shoemaker", "schoenmaker|shoemaker", (3, 20), "Aleppo|Istanbul|Herat",
        "ar|tr|fa", "apply stitching techniques=schoenen stikken=stitching shoes; cut footwear "
        "uppers=leer snijden=cutting leather; footwear materials=kennis van leer=knowing "
        "leather", "schoen leer productie", 2),
    _bg("schoonmaker", "building cleaner", "schoonmaker|cleaner", (1, 10),
        "Kyiv|Asmara|Mogadishu", "uk|ti|so", "job:schoonmaak",
        "schoonmaak housekeeping huishoudelijk", 3),
    _bg("ober", "waiter/waitress", "ober|waiter", (1, 8), "Damascus|Istanbul|Kyiv|Odesa",
        "ar|tr|uk|en", "job:bediening", "bediening keukenhulp winkel", 2),
    _bg("opvang", "child care worker", "kinderopvang|childcare worker", (1, 10),
        "Asmara|Teheran|Kharkiv", "ti|fa|uk", "job:kinderopvang",
        "kinderopvang onderwijsassistent buurthuis", 2),
    _bg("tolk", "interpreter", "tolk|interpreter", (1, 8), "Kabul|Aleppo|Asmara", "fa|ar|ti|en",
        "job:tolk", "tolk taalmaatje helpdesk", 2),
    _bg("magazijn", "warehouse worker", "magazijn|warehouse worker", (1, 8),
        "Istanbul|Izmir|Damascus|Lviv", "tr|ar|uk", "job:magazijn",
        "orderpicker heftruck magazijn", 3),
    _bg("tuinman", "landscape gardener", "tuinman|gardener", (2, 15), "Damascus|Asmara|Shiraz",
        "ar|ti|fa", "job:hovenier", "hovenier kas", 2),
    _bg("bewaker", "security guard", "bewaker|security guard", (1, 10), "Kabul|Mogadishu",
        "fa|so", "patrol areas=rondes lopen=patrolling; stay alert=alert blijven=staying alert",
        "magazijn productie schoonmaak", 1),
    _bg("thuis", "", "geen betaald werk|no paid work", (0, 0),
        "Syrië|Eritrea|Afghanistan|Somalië", "ar|ti|fa|so",
        "use food preparation techniques=koken voor grote familie=cooking for a big family; "
        "supervise children=zorgen voor kinderen=looking after children; sew pieces of fabric="
        "kleding naaien thuis=sewing clothes at home",
        "kinderopvang keukenhulp schoonmaak naaister buurthuis", 3),
)

FIRST_NAMES = (
    "Ahmad", "Mohammed", "Rania", "Yonas", "Semhar", "Fatima", "Olena", "Dmytro", "Reza",
    "Maryam", "Mehmet", "Ayşe", "Abdi", "Hodan", "Omar", "Lina", "Samir", "Nour", "Tesfay",
    "Helen", "Iryna", "Oksana", "Ali", "Zahra", "Hamid", "Farid", "Amal", "Khaled", "Yusuf",
    "Hawa", "Filmon", "Merhawi", "Saba", "Bashir", "Layla", "Tariq", "Dilan", "Kerem", "Elif",
    "Andrii", "Kateryna", "Nadia", "Rami", "Hiba", "Mustafa", "Jamal", "Sara", "Amanuel",
    "Daniel", "Ruta", "Goitom", "Hassan", "Aisha", "Idris", "Sami", "Mahmoud", "Roya",
    "Parisa", "Arash", "Shirin", "Wahid", "Nasrin", "Mariam", "Yasmin", "Walid", "Basel",
    "Joud", "Batoul", "Tamara", "Serhii", "Viktor", "Natalia", "Abebe", "Selam", "Musa",
    "Ibrahim", "Faisal", "Asma",
)
