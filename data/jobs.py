"""Hand-written catalogue of the placements that really occur for newcomers in Hart van Brabant.

Each job names its ESCO occupation by the English preferred label and a few skills by their
ESCO labels, each with the Dutch and English phrase an employer or coach would write. The
generator (:mod:`data.sample`) resolves every label in the imported taxonomy and fails loudly
when one is missing, so a new ESCO version cannot silently shift the sample.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill label with the Dutch and English phrase people write for it."""

    esco: str
    nl: str
    en: str


@dataclass(frozen=True, slots=True)
class Job:
    """A placement kind: its ESCO occupation, titles, skills and how it is usually offered."""

    key: str
    esco: str
    sector: str
    titles_nl: tuple[str, ...]
    title_en: str
    kinds: str  # letters of the types offered: w(ork), i(nternship), v(olunteering)
    dutch: tuple[int, int]  # CEFR range (0 = A0 .. 3 = B1) asked for paid work
    skills: tuple[Skill, ...]
    wish_nl: str  # how a participant says they want this, in Dutch
    wish_en: str
    weight: int = 2  # how often the job is offered


def parse_skills(spec: str) -> tuple[Skill, ...]:
    """Read ``"esco label=nl phrase=en phrase; ..."`` into skills."""
    return tuple(Skill(*(part.strip() for part in item.split("="))) for item in
                 spec.strip().strip(";").split(";"))


def _job(key: str, esco: str, sector: str, titles: str, title_en: str, kinds: str,
         dutch: tuple[int, int], skills: str, wish: str, weight: int = 2) -> Job:
    nl, en = wish.split("|")
    return Job(key, esco, sector, tuple(titles.split("|")), title_en, kinds, dutch,
               parse_skills(skills), nl, en, weight)


JOBS: tuple[Job, ...] = (
    _job("orderpicker", "warehouse order picker", "logistics",
         "Orderpicker|Magazijnmedewerker orderpicking|Orderpicker avonddienst", "Order picker",
         "wi", (0, 1), "pick orders for dispatching=orders verzamelen met een handscanner="
         "picking orders with a hand scanner; operate voice picking systems=werken met voice "
         "picking=working with voice picking; stack goods=pallets stapelen=stacking pallets; "
         "lift heavy weights=dozen tillen tot 23 kg=lifting boxes up to 23 kg",
         "in magazijn werken|work in a warehouse", 6),
    _job("magazijn", "warehouse worker", "logistics",
         "Magazijnmedewerker|Logistiek medewerker|Medewerker inslag", "Warehouse worker", "wi",
         (0, 2), "receive goods=goederen ontvangen en controleren=receiving goods; load products "
         "for dispatch=vrachtwagens laden en lossen=loading and unloading trucks; check for "
         "damaged items=beschadigde producten eruit halen=checking for damaged items; "
         "monitor stock level=voorraad bijhouden=keeping track of stock",
         "magazijn of logistiek|warehouse or logistics", 5),
    _job("heftruck", "forklift operator", "logistics",
         "Heftruckchauffeur|Reachtruckchauffeur|Heftruckchauffeur 2-ploegendienst",
         "Forklift driver", "wi", (1, 2), "operate forklift=rijden op de heftruck=driving a "
         "forklift; stack goods=pallets in de stellingen zetten=putting pallets in the racks; "
         "carry out stock rotation=voorraad rouleren (FIFO)=stock rotation (FIFO); conduct "
         "forklift inspections=dagelijkse controle van de heftruck=daily forklift check",
         "heftruckchauffeur worden, heb certificaat nodig|forklift driver", 4),
    _job("inpakker", "hand packer", "logistics",
         "Inpakker|Medewerker inpak|Productiemedewerker inpak", "Packer", "wi", (0, 1),
         "pack goods=producten inpakken=packing products; ensure correct goods labelling=etiketten "
         "plakken=labelling boxes; use packaging equipment=werken met de tape- en sealmachine="
         "using tape and sealing machines", "inpakken, maakt niet uit wat|packing work", 3),
    _job("productie", "packaging and filling machine operator", "production",
         "Productiemedewerker|Operator productielijn|Machine-operator verpakking",
         "Production operator", "wi", (0, 2), "tend packaging machines=de verpakkingsmachine "
         "bedienen=running the packaging machine; monitor machine operations=de lijn in de gaten "
         "houden=monitoring the production line; ensure quality control in packaging="
         "kwaliteitscontrole van de verpakking=quality checks; work in conveyor belts in food "
         "manufacturing=werken aan de lopende band=working at a conveyor belt",
         "productiewerk in fabriek|factory production work", 5),
    _job("assemblage", "metal products assembler", "production",
         "Assemblagemedewerker|Medewerker montage metaal", "Assembly worker", "wi", (1, 2),
         "assemble metal parts=metalen onderdelen monteren=assembling metal parts; fasten "
         "components=onderdelen vastschroeven=fastening components; use metalworking tools="
         "werken met handgereedschap=using hand tools; inspect quality of products=producten "
         "controleren op fouten=checking products", "montage of techniek|assembly work", 3),
    _job("voedsel", "food production operator", "food",
         "Productiemedewerker food|Medewerker voedselproductie|Productiemedewerker bakkerij",
         "Food production worker", "wi", (0, 2), "apply HACCP=werken volgens HACCP=working with "
         "HACCP; monitor the production line=de productielijn bewaken=watching the production "
         "line; ensure sanitation=schoonmaken van de lijn=cleaning the line; administer "
         "ingredients in food production=ingrediënten afwegen=weighing ingredients",
         "werken in voedsel productie|food factory", 4),
    _job("keukenhulp", "kitchen assistant", "hospitality",
         "Keukenhulp|Keukenmedewerker|Afwasser / keukenhulp", "Kitchen assistant", "wiv",
         (0, 1), "use food preparation techniques=groenten snijden en voorbereiden=preparing "
         "vegetables; clean kitchen equipment=afwassen en keuken schoonmaken=washing up and "
         "cleaning the kitchen; comply with food safety and hygiene=hygiëne in de keuken="
         "kitchen hygiene; work according to recipe=werken volgens recept=following recipes",
         "keuken werk|kitchen work", 5),
    _job("afwas", "kitchen porter", "hospitality", "Afwasser|Spoelkeukenmedewerker",
         "Dishwasher", "wi", (0, 1), "operate dishwashing machine=de vaatwasser bedienen="
         "running the dishwasher; clean surfaces=werkbanken schoonmaken=cleaning work surfaces; "
         "handle glassware=glazen spoelen=handling glassware", "afwassen restaurant|dishwasher", 2),
    _job("kok", "cook", "hospitality", "Kok|Zelfstandig werkend kok|Leerling-kok", "Cook",
         "wi", (1, 2), "use cooking techniques=koken op de lijn=cooking on the line; use food "
         "cutting tools=vlees en groenten snijden=cutting meat and vegetables; order supplies="
         "bestellingen doen=ordering supplies; comply with food safety and hygiene=HACCP "
         "hygiëne=food hygiene", "kok worden in restaurant|become a chef", 3),
    _job("bediening", "waiter/waitress", "hospitality",
         "Medewerker bediening|Gastvrouw / gastheer|Bedieningsmedewerker terras",
         "Waiter / waitress", "wiv", (1, 3), "serve food in table service=gerechten uitserveren="
         "serving food; take food and beverage orders from customers=bestellingen opnemen="
         "taking orders; prepare hot drinks=koffie en thee maken=making coffee and tea; arrange "
         "tables=tafels dekken=setting tables", "bediening in restaurant|waiter", 3),
    _job("housekeeping", "room attendant", "hospitality",
         "Medewerker housekeeping|Kamermeisje / roomattendant", "Room attendant", "wi", (0, 1),
         "clean rooms=kamers schoonmaken=cleaning rooms; make the beds=bedden opmaken="
         "making beds; maintain linen operation=linnengoed verwisselen=changing linen",
         "schoonmaak hotel|hotel housekeeping", 2),
    _job("schoonmaak", "building cleaner", "cleaning",
         "Schoonmaker|Schoonmaakmedewerker kantoren|Schoonmaker avonduren", "Cleaner", "wiv",
         (0, 1), "clean building floors=vloeren dweilen en stofzuigen=mopping and vacuuming "
         "floors; clean surfaces=bureaus en toiletten schoonmaken=cleaning desks and toilets; "
         "operate floor cleaning equipment=werken met de schrobmachine=using a scrubbing "
         "machine; manage routine waste=afval scheiden=sorting waste",
         "schoonmaak werk|cleaning job", 4),
    _job("huishoudelijk", "domestic cleaner", "cleaning",
         "Huishoudelijke hulp|Medewerker huishouding thuiszorg", "Domestic help", "w", (1, 2),
         "clean rooms=huis schoonmaken=cleaning homes; wash the laundry=wassen en strijken="
         "washing and ironing; vacuum surfaces=stofzuigen=vacuuming",
         "huishoudelijke hulp bij mensen thuis|domestic help", 2),
    _job("helpende", "healthcare assistant", "care",
         "Helpende zorg en welzijn|Zorghulp|Leerling helpende zorg (BBL)", "Care assistant",
         "wiv", (2, 3), "provide basic support to patients=helpen bij wassen en aankleden="
         "helping with washing and dressing; interact with healthcare users=praten met "
         "bewoners=talking with residents; support nurses=verzorgenden ondersteunen=supporting "
         "nurses; monitor basic patients signs=letten op veranderingen bij cliënten="
         "noticing changes in clients", "in de zorg werken, ouderen helpen|work in care", 4),
    _job("thuiszorg", "home care aide", "care", "Medewerker thuiszorg|Thuishulp",
         "Home care worker", "wi", (2, 3), "tend to elderly people=ouderen thuis helpen="
         "helping elderly people at home; buy groceries=boodschappen doen=doing groceries; "
         "keep company=gezelschap bieden=keeping company; prepare ready-made dishes=maaltijd "
         "opwarmen=heating meals", "thuiszorg|home care", 2),
    _job("verpleeghulp", "nurse assistant", "care",
         "Verpleeghulp|Zorgassistent verpleeghuis", "Nursing assistant", "wi", (2, 3),
         "apply nursing care in long-term care=zorg in het verpleeghuis=care in a nursing home; "
         "first aid=EHBO=first aid; hygiene in a health care setting=hygiënisch werken="
         "hygiene in care", "verpleegkundige worden in Nederland|nurse again in NL", 2),
    _job("kinderopvang", "child care worker", "childcare",
         "Pedagogisch medewerker kinderopvang|Groepshulp kinderdagverblijf|Medewerker BSO",
         "Childcare worker", "wiv", (2, 3), "play with children=spelen met kinderen=playing with "
         "children; supervise children=toezicht houden op kinderen=supervising children; attend "
         "to children's basic physical needs=kinderen verschonen en eten geven=feeding and "
         "changing children", "met kinderen werken|work with children", 3),
    _job("winkel", "shop assistant", "retail",
         "Winkelmedewerker|Verkoopmedewerker|Vakkenvuller / winkelmedewerker",
         "Shop assistant", "wi", (1, 2), "stock shelves=vakken vullen=stocking shelves; operate "
         "cash register=achter de kassa staan=working the till; direct customers to "
         "merchandise=klanten helpen=helping customers; maintain store cleanliness=winkel "
         "schoonhouden=keeping the shop clean", "winkel werk|work in a shop", 4),
    _job("kassa", "cashier", "retail", "Kassamedewerker|Caissière supermarkt", "Cashier", "w",
         (2, 2), "operate cash register=kassa bedienen=operating the till; process payments="
         "pinbetalingen afhandelen=handling payments; customer service=klantvriendelijk zijn="
         "customer service", "kassa supermarkt|cashier", 2),
    _job("vakkenvuller", "shelf filler", "retail",
         "Vakkenvuller|Vakkenvuller avond/zaterdag", "Shelf filler", "w", (0, 1),
         "stock shelves=vakken vullen=stocking shelves; assess shelf life of food products="
         "houdbaarheid controleren=checking best-before dates; change shelf labels=prijskaartjes "
         "wisselen=changing price labels", "vakkenvullen|shelf stacking", 3),
    _job("bouw", "building construction worker", "construction",
         "Bouwvakker|Opperman|Allround bouwmedewerker", "Construction worker", "wi", (0, 2),
         "mix concrete=beton storten en mengen=mixing concrete; transport construction supplies="
         "materiaal aanvoeren op de bouw=carrying materials on site; use safety equipment in "
         "construction=werken met PBM's=using safety gear; work in a construction team=werken "
         "in een bouwploeg=working in a building crew", "bouw werk|construction", 4),
    _job("timmerman", "carpenter", "construction",
         "Timmerman|Allround timmerman|Leerling-timmerman", "Carpenter", "wi", (1, 2),
         "join wood elements=houtverbindingen maken=making wood joints; install wood elements in "
         "structures=kozijnen en deuren plaatsen=fitting frames and doors; use measurement "
         "instruments=nauwkeurig meten=measuring accurately; woodworking tools=werken met "
         "zaag en boor=using saw and drill", "timmerman zoals vroeger|carpenter", 2),
    _job("schilder", "construction painter", "construction",
         "Schilder|Leerling-schilder|Schilder binnenwerk", "Painter", "wi", (1, 2),
         "paint surfaces=muren en kozijnen schilderen=painting walls and frames; prepare surface "
         "for painting=schuren en plamuren=sanding and filling; protect surfaces during "
         "construction work=afplakken en afdekken=masking and covering", "schilder|painter", 2),
    _job("stukadoor", "plasterer", "construction", "Stukadoor|Leerling-stukadoor",
         "Plasterer", "wi", (0, 2), "plaster surfaces=muren stucen=plastering walls; mix "
         "construction grouts=specie aanmaken=mixing mortar; place drywall=gipsplaten plaatsen="
         "fitting plasterboard", "stukadoor|plasterer", 2),
    _job("metselaar", "bricklayer", "construction", "Metselaar|Leerling-metselaar",
         "Bricklayer", "wi", (0, 2), "lay bricks=metselen=laying bricks; mix construction grouts="
         "specie maken=mixing mortar; check straightness of brick=muren recht en waterpas="
         "keeping walls straight", "metselaar|bricklayer", 1),
    _job("tegelzetter", "tile fitter", "construction", "Tegelzetter|Leerling-tegelzetter",
         "Tile setter", "wi", (0, 2), "lay tiles=tegels zetten=laying tiles; cut tiles=tegels "
         "op maat snijden=cutting tiles; fill tile joints=voegen=grouting",
         "tegelzetter|tiling", 1),
    _job("elektricien", "building electrician", "technical",
         "Elektricien|Monteur elektrotechniek|Leerling-elektromonteur", "Electrician", "wi",
         (1, 3), "install electricity sockets=stopcontacten en schakelaars aansluiten="
         "installing sockets and switches; electrical wiring plans=installatietekeningen "
         "lezen=reading wiring diagrams; splice cable=kabels trekken en aansluiten="
         "pulling and connecting cables; use measurement instruments=meten met multimeter="
         "measuring with a multimeter", "elektricien, heb ervaring|electrician", 2),
    _job("automonteur", "vehicle technician", "technical",
         "Automonteur|Leerling-automonteur|Bandenmonteur / APK", "Car mechanic", "wi", (1, 2),
         "carry out repair of vehicles=auto's repareren=repairing cars; diagnose problems with "
         "vehicles=storingen zoeken=finding faults; use automotive diagnostic equipment="
         "uitlezen met diagnoseapparatuur=using diagnostic equipment",
         "monteur auto|car mechanic", 2),
    _job("lasser", "welder", "technical", "Lasser MIG/MAG|Constructiebankwerker / lasser",
         "Welder", "wi", (0, 2), "perform metal active gas welding=MAG lassen=MAG welding; "
         "interpret 2D plans=tekeningen lezen=reading drawings; operate welding equipment="
         "werken met lasapparaat=operating welding equipment", "lasser|welder", 2),
    _job("installatie", "heating technician", "technical",
         "Monteur installatietechniek|Leerling-installatiemonteur", "Installation technician",
         "wi", (1, 3), "install radiators=radiatoren plaatsen=fitting radiators; "
         "operate soldering equipment=solderen=soldering; perform maintenance on installed "
         "equipment=onderhoud aan cv-ketels=boiler maintenance",
         "installatietechniek|installation work", 1),
    _job("fietsenmaker", "bicycle mechanic", "technical",
         "Fietsenmaker|Medewerker fietsenwerkplaats", "Bicycle mechanic", "wiv", (0, 2),
         "perform repairs on bicycles=fietsen repareren=repairing bikes; maintain braking "
         "system=remmen afstellen=adjusting brakes; assemble bicycles=nieuwe fietsen "
         "monteren=assembling new bikes", "fietsen maken|bike repair", 2),
    _job("kas", "horticulture worker", "green",
         "Medewerker tuinbouw|Kasmedewerker|Teeltmedewerker", "Greenhouse worker", "wi",
         (0, 1), "harvest crop=oogsten=harvesting; nurse plants=planten verzorgen=caring for "
         "plants; prune plants=snoeien en toppen=pruning; maintain the greenhouse=de kas "
         "schoonhouden=keeping the greenhouse clean", "werken in kas of met planten|greenhouse",
         3),
    _job("hovenier", "landscape gardener", "green",
         "Hovenier|Medewerker groenvoorziening|Leerling-hovenier", "Gardener", "wiv", (0, 2),
         "prune hedges and trees=heggen en bomen snoeien=pruning hedges and trees; perform weed "
         "control operations=onkruid wieden=weeding; plant green plants=planten en gras "
         "aanleggen=planting and laying turf; operate landscaping equipment=werken met "
         "bosmaaier en bladblazer=using brush cutter and leaf blower",
         "buiten werken, tuin|outdoor gardening", 3),
    _job("plukker", "fruit and vegetable picker", "green",
         "Seizoensmedewerker oogst|Aardbeienplukker|Asperges steken", "Harvest worker", "w",
         (0, 0), "harvest crop=oogsten=harvesting; select fruits and vegetables=sorteren op "
         "kwaliteit=sorting by quality; work in outdoor conditions=buiten werken in alle weer="
         "working outdoors", "oogst werk buiten|harvest work", 1),
    _job("bus", "bus driver", "transport", "Buschauffeur|Leerling-buschauffeur (opleiding)",
         "Bus driver", "wi", (2, 3), "manoeuvre bus=bus besturen=driving a bus; assist "
         "passengers=reizigers helpen=helping passengers; adhere to transportation work "
         "schedule=dienstregeling volgen=keeping to the timetable", "buschauffeur|bus driver", 2),
    _job("vrachtwagen", "cargo vehicle driver", "transport",
         "Vrachtwagenchauffeur C/CE|Chauffeur distributie", "Truck driver", "w", (1, 2),
         "supervise loading of cargo=laden en lossen=loading and unloading; operate GPS "
         "systems=rijden met navigatie=driving with GPS; road transport legislation=rij- en "
         "rusttijden=driving and rest times", "vrachtwagen rijden|drive a truck", 2),
    _job("taxi", "taxi driver", "transport", "Taxichauffeur|Chauffeur zorgvervoer",
         "Taxi driver", "w", (1, 2), "assist passengers=mensen helpen in- en uitstappen="
         "helping passengers; drive in urban areas=rijden in de stad=city driving; "
         "operate GPS systems=navigatie gebruiken=using GPS", "taxi chauffeur|taxi driver", 2),
    _job("bezorger", "car and van delivery driver", "transport",
         "Pakketbezorger|Bezorger bestelbus|Maaltijdbezorger", "Delivery driver", "w", (0, 1),
         "differentiate types of packages=pakketten sorteren=sorting parcels; drive vehicles="
         "rijden in bestelbus=driving a van; communicate with customers=pakket afleveren bij "
         "klant=delivering to customers", "bezorgen met busje|delivery driver", 3),
    _job("schoen", "footwear production machine operator", "leather",
         "Productiemedewerker schoenen|Machine-operator schoenenfabriek", "Shoe factory worker",
         "wi", (0, 1), "footwear machinery=werken met schoenmachines=operating shoe machines; "
         "footwear quality=schoenen controleren op fouten=quality checks on shoes; follow work "
         "procedures=werkinstructies volgen=following work instructions",
         "schoenen fabriek|shoe factory", 3),
    _job("leer", "leather goods hand stitcher", "leather",
         "Stikker lederwaren|Medewerker lederwaren", "Leather stitcher", "wi", (0, 1),
         "apply stitching techniques=leer stikken=stitching leather; use manual sewing "
         "techniques=met de hand naaien=hand sewing; repair leather goods=leer repareren="
         "repairing leather", "werken met leer|leather work", 2),
    _job("naaister", "sewing machinist", "textile",
         "Naaister|Confectiemedewerker|Medewerker naaiatelier", "Sewing machinist", "wiv",
         (0, 1), "sew pieces of fabric=stoffen naaien=sewing fabric; operate garment "
         "manufacturing machines=industriële naaimachine=industrial sewing machine; alter "
         "wearing apparel=kleding vermaken=altering clothes", "naaien atelier|sewing", 2),
    _job("kleermaker", "tailor", "textile", "Kleermaker|Medewerker kledingreparatie",
         "Tailor", "wi", (0, 2), "alter wearing apparel=kleding vermaken en repareren="
         "alterations and repairs; cut fabrics=stof knippen=cutting fabric; measure the human "
         "body for wearing apparel=maten nemen=taking measurements",
         "eigen atelier, kleermaker|tailor", 1),
    _job("kapper", "hairdresser", "hair", "Kapper|Leerling-kapper|Kapster (parttime)",
         "Hairdresser", "wi", (1, 2), "style hair=haar knippen en stylen=cutting and styling "
         "hair; dye hair=haar verven=colouring hair; wash hair=haren wassen=washing hair",
         "kapper|hairdresser", 2),
    _job("barbier", "barber", "hair", "Barbier|Herenkapper", "Barber", "wi", (0, 1),
         "barbering techniques=fade knippen=fade cuts; treat facial hair=baard trimmen="
         "beard trimming; style hair=haar knippen=cutting hair", "barbershop|barber", 2),
    _job("developer", "software developer", "it",
         "Junior software developer|Traineeship developer|Junior ontwikkelaar",
         "Junior software developer", "wi", (0, 2), "computer programming=programmeren in "
         "Python of Java=programming in Python or Java; debug software=bugs oplossen="
         "fixing bugs; use software libraries=werken met frameworks=using frameworks",
         "developer|software developer", 2),
    _job("helpdesk", "ICT help desk agent", "it",
         "Servicedesk medewerker|Helpdeskmedewerker ICT", "IT helpdesk", "wi", (1, 3),
         "provide ICT support=gebruikers helpen met ICT=helping users with IT; use ICT ticketing "
         "system=meldingen registreren=logging tickets; solve ICT system problems=storingen "
         "oplossen=solving problems", "helpdesk ICT|IT support", 2),
    _job("onderwijsassistent", "primary school teaching assistant", "education",
         "Onderwijsassistent|Klassenassistent basisschool|Leerling-onderwijsassistent",
         "Teaching assistant", "wiv", (2, 3), "assist students in their learning=leerlingen "
         "helpen met lezen en rekenen=helping pupils with reading and maths; provide teacher "
         "support=de leerkracht ondersteunen=supporting the teacher; perform playground "
         "surveillance=pleinwacht=playground duty", "weer in onderwijs|back into teaching", 2),
    _job("tolk", "interpreter", "interpreting", "Tolk Arabisch|Tolk Tigrinya|Tolk / vertaler",
         "Interpreter", "wv", (2, 3), "translate spoken language consecutively=tolken in "
         "gesprekken=interpreting conversations; observe confidentiality=geheimhouding="
         "confidentiality; speak different languages=meertalig=multilingual",
         "tolk of vertalen|interpreter", 2),
    _job("taalmaatje", "adult literacy teacher", "volunteer",
         "Taalmaatje|Vrijwilliger taalcafé|Vrijwilliger huiswerkbegeleiding", "Language buddy",
         "v", (2, 3), "assist students in their learning=helpen met Nederlands leren=helping "
         "with learning Dutch; teach reading strategies=samen lezen=reading together",
         "andere nieuwkomers helpen|help other newcomers", 5),
    _job("voedselbank", "warehouse worker", "volunteer",
         "Vrijwilliger voedselbank|Vrijwilliger uitdeelpunt", "Food bank volunteer", "v", (0, 1),
         "receive goods=voedsel ontvangen en sorteren=receiving and sorting food; pick orders "
         "for dispatching=pakketten samenstellen=putting parcels together",
         "vrijwilligerswerk|volunteer", 5),
    _job("kringloop", "shop assistant", "volunteer",
         "Vrijwilliger kringloopwinkel|Medewerker kringloop (vrijwillig)", "Thrift shop volunteer",
         "v", (0, 1), "stock shelves=spullen sorteren en in de winkel zetten=sorting and "
         "shelving items; direct customers to merchandise=klanten helpen=helping customers",
         "vrijwilligerswerk winkel|volunteer in a shop", 5),
    _job("sport", "sports coach", "volunteer",
         "Vrijwillig trainer jeugd|Vrijwilliger sportvereniging", "Sports club volunteer", "v",
         (0, 2), "instruct in sport=training geven=coaching training; motivate in sports="
         "kinderen motiveren=motivating kids", "voetbal trainer|football coach", 4),
    _job("buurthuis", "activity leader", "volunteer",
         "Vrijwilliger buurthuis|Gastvrouw/gastheer buurthuis|Vrijwilliger activiteiten",
         "Community centre volunteer", "v", (0, 2), "plan youth activities=activiteiten "
         "organiseren=organising activities; entertain people=mensen ontvangen en koffie "
         "schenken=welcoming people; play with children=spelletjes met kinderen=games "
         "with children", "in buurthuis helpen|community centre", 5),
)

JOB_BY_KEY: dict[str, Job] = {job.key: job for job in JOBS}

# Where each sector's employers are (municipality: weight) and how many there are.
SECTORS: dict[str, tuple[int, dict[str, int]]] = {
    "logistics": (12, {"Tilburg": 5, "Waalwijk": 4, "Gilze en Rijen": 1, "Heusden": 1}),
    "production": (8, {"Tilburg": 3, "Waalwijk": 2, "Dongen": 2, "Oisterwijk": 1,
                       "Heusden": 1}),
    "food": (5, {"Tilburg": 2, "Dongen": 1, "Waalwijk": 1, "Heusden": 1, "Oisterwijk": 1}),
    "hospitality": (12, {"Tilburg": 4, "Loon op Zand": 3, "Hilvarenbeek": 2, "Oisterwijk": 2,
                         "Goirle": 1, "Waalwijk": 1}),
    "cleaning": (5, {"Tilburg": 3, "Waalwijk": 1, "Dongen": 1}),
    "care": (8, {"Tilburg": 3, "Goirle": 1, "Oisterwijk": 1, "Waalwijk": 1, "Dongen": 1,
                 "Heusden": 1, "Hilvarenbeek": 1}),
    "childcare": (5, {"Tilburg": 3, "Goirle": 1, "Oisterwijk": 1, "Dongen": 1}),
    "retail": (8, {"Tilburg": 4, "Waalwijk": 1, "Dongen": 1, "Goirle": 1, "Heusden": 1,
                   "Gilze en Rijen": 1}),
    "construction": (7, {"Tilburg": 3, "Oisterwijk": 1, "Waalwijk": 1, "Dongen": 1,
                         "Heusden": 1, "Goirle": 1}),
    "technical": (6, {"Tilburg": 3, "Waalwijk": 1, "Dongen": 1, "Goirle": 1, "Heusden": 1}),
    "green": (5, {"Hilvarenbeek": 2, "Oisterwijk": 1, "Heusden": 1, "Goirle": 1,
                  "Loon op Zand": 1, "Tilburg": 1}),
    "transport": (4, {"Tilburg": 3, "Waalwijk": 1, "Gilze en Rijen": 1}),
    "leather": (4, {"Waalwijk": 5, "Dongen": 1, "Loon op Zand": 1}),
    "textile": (2, {"Tilburg": 2, "Waalwijk": 1}),
    "hair": (3, {"Tilburg": 3, "Waalwijk": 1, "Goirle": 1}),
    "it": (3, {"Tilburg": 1}),
    "education": (4, {"Tilburg": 3, "Goirle": 1, "Dongen": 1, "Waalwijk": 1}),
    "interpreting": (1, {"Tilburg": 1}),
    "volunteer": (9, {"Tilburg": 4, "Waalwijk": 1, "Dongen": 1, "Oisterwijk": 1,
                      "Goirle": 1, "Heusden": 1, "Loon op Zand": 1, "Gilze en Rijen": 1,
                      "Hilvarenbeek": 1}),
}

# Fake employer names: a pattern per sector filled with a Brabant surname or a noun.
EMPLOYER_PATTERNS: dict[str, tuple[str, ...]] = {
    "logistics": ("{s} Logistiek", "DC {p} {n}", "{s} Fulfilment", "Uitzendbureau Flex{n}"),
    "production": ("{s} Verpakkingen", "{s} Metaal", "Productiebedrijf {n}"),
    "food": ("{s} Food", "Bakkerij {s}", "Brabantse Snacks {n}"),
    "hospitality": ("Restaurant De {n}", "Hotel {p}", "Eetcafé {s}", "Vakantiepark De {n}"),
    "cleaning": ("{s} Schoonmaak", "Schoonmaakbedrijf {n}"),
    "care": ("Zorggroep {p}", "Thuiszorg {n}", "Woonzorgcentrum De {n}"),
    "childcare": ("Kinderopvang De {n}", "BSO {n}"),
    "retail": ("Supermarkt {s}", "{s} Mode", "Bouwmarkt {p}"),
    "construction": ("Bouwbedrijf {s}", "{s} Afbouw", "Schildersbedrijf {s}"),
    "technical": ("{s} Installatietechniek", "Autobedrijf {s}", "Fietsenwinkel {n}"),
    "green": ("Hoveniersbedrijf {s}", "Kwekerij {s}", "Tuinbouw {n}"),
    "transport": ("{s} Transport", "Taxi {p}", "Pakketdienst {n}"),
    "leather": ("Schoenfabriek {s}", "{s} Lederwaren"),
    "textile": ("Atelier {n}", "{s} Confectie"),
    "hair": ("Kapsalon {n}", "Barbershop {n}"),
    "it": ("{n} Software", "{s} ICT Services"),
    "education": ("Basisschool De {n}", "Kindcentrum {n}"),
    "interpreting": ("Tolkencentrum Brabant",),
    "volunteer": ("Stichting Welzijn {p}", "Voedselbank {p}", "Kringloop {p}",
                  "Sportvereniging {n}", "Buurthuis De {n}", "Bibliotheek {p}"),
}
SURNAMES = ("Van Gils", "De Laat", "Verhoeven", "Van der Heijden", "Smulders", "Kuijpers",
            "Van Rijswijk", "Hendriks", "Schellekens", "Van Dongen", "Mutsaers", "Van Loon",
            "Robben", "Peijnenburg", "Van Beek", "Bressers", "Timmermans", "Donkers")
NOUNS = ("Linde", "Eik", "Kei", "Brug", "Molen", "Wilg", "Regenboog", "Zon", "Hoeve",
         "Vlinder", "Horizon", "Kompas", "Sprong", "Bron", "Akker", "Spoor")
