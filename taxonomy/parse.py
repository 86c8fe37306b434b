"""Turn the files of an ESCO download into rows of the taxonomy tables."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from taxonomy.errors import EscoFormatError
from taxonomy.source import EscoSource

KIND_OF_TYPE = {
    "Occupation": "occupation",
    "ISCOGroup": "isco_group",
    "KnowledgeSkillCompetence": "skill",
    "SkillGroup": "skill_group",
}
COLLECTIONS = {
    "digitalSkillsCollection": "digital",
    "greenSkillsCollection": "green",
    "transversalSkillsCollection": "transversal",
    "languageSkillsCollection": "language",
    "researchSkillsCollection": "research",
    "digCompSkillsCollection": "digcomp",
    "researchOccupationsCollection": "research_occupations",
}
CONCEPT_FILES = {  # file base -> (kind, required columns)
    "occupations": ("occupation", ("conceptUri", "preferredLabel", "altLabels", "iscoGroup")),
    "skills": ("skill", ("conceptUri", "preferredLabel", "altLabels", "skillType")),
    "ISCOGroups": ("isco_group", ("conceptUri", "code", "preferredLabel")),
    "skillGroups": ("skill_group", ("conceptUri", "preferredLabel")),
}
REQUIRED_PRIMARY = ("occupations", "skills", "occupationSkillRelations")
LABEL_COLUMNS = (("preferredLabel", "preferred"), ("altLabels", "alternative"),
                 ("hiddenLabels", "hidden"))


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def _split(cell: str | None) -> list[str]:
    return [t for t in (_clean(part) for part in (cell or "").split("\n")) if t]


def _uri(row: dict[str, str], column: str, name: str, line: int) -> str:
    value = _clean(row.get(column))
    if not value.startswith("http"):
        raise EscoFormatError(f"expected an ESCO URI, found {value!r}", file=name, line=line,
                              column=column)
    return value


class Parsed:
    """Rows for every taxonomy table, deduplicated by primary key."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple, tuple]] = defaultdict(dict)
        self.files: dict[str, str] = {}  # file name -> sha256
        self.named: set[tuple[str, str]] = set()  # (uri, lang) pairs with a preferred label

    def add(self, table: str, key: tuple, row: tuple) -> None:
        """Store a row under its key; the first row for a key wins."""
        self.tables[table].setdefault(key, row)

    def add_label(self, uri: str, kind: str, lang: str, label_type: str, text: str) -> None:
        """Store a label; a concept keeps a single preferred label per language."""
        if label_type == "preferred":
            if (uri, lang) in self.named:
                return
            self.named.add((uri, lang))
        self.add("esco_labels", (uri, lang, label_type, text), (uri, kind, lang, label_type, text))

    def find(self, source: EscoSource, base: str, langs: list[str]) -> str | None:
        """Name of the file for ``base`` in the first of ``langs`` that has it."""
        for name in [f"{base}_{lang}.csv" for lang in langs] + [f"{base}.csv"]:
            if source.has(name):
                return name
        return None

    def read(self, source: EscoSource, name: str, required: tuple[str, ...]):
        """Iterate the rows of a file and remember its checksum."""
        self.files[name] = source.checksum(name)
        return source.rows(name, required)


def parse_concepts(parsed: Parsed, source: EscoSource, base: str, lang: str, name: str) -> None:
    """Read one concept file (occupations, skills, ISCO or skill groups) in one language."""
    kind, required = CONCEPT_FILES[base]
    for line, row in parsed.read(source, name, required):
        uri = _uri(row, "conceptUri", name, line)
        if not _clean(row.get("preferredLabel")):
            raise EscoFormatError("preferredLabel is empty", file=name, line=line,
                                  column="preferredLabel")
        for column, label_type in LABEL_COLUMNS:
            texts = _split(row.get(column)) if label_type != "preferred" else [
                _clean(row.get(column))]
            for text in texts:
                parsed.add_label(uri, kind, lang, label_type, text)
        if _clean(row.get("description")):
            parsed.add("esco_descriptions", (uri, lang), (uri, lang, _clean(row["description"])))
        _concept_row(parsed, kind, uri, row)


def _concept_row(parsed: Parsed, kind: str, uri: str, row: dict[str, str]) -> None:
    if kind == "occupation":
        parsed.add("esco_occupations", (uri,), (
            uri, _clean(row.get("iscoGroup")), _clean(row.get("code")),
            _clean(row.get("regulatedProfessionNote")), _clean(row.get("status"))))
    elif kind == "skill":
        parsed.add("esco_skills", (uri,), (
            uri, _clean(row.get("skillType")), _clean(row.get("reuseLevel")),
            _clean(row.get("status"))))
    elif kind == "isco_group":
        parsed.add("esco_isco_groups", (uri,), (uri, _clean(row.get("code"))))
    else:
        parsed.add("esco_skill_groups", (uri,), (uri, _clean(row.get("code"))))


def parse_relations(parsed: Parsed, source: EscoSource, langs: list[str]) -> None:
    """Read the language-independent relation, hierarchy and collection files."""
    for base in ("broaderRelationsOccPillar", "broaderRelationsSkillPillar"):
        name = parsed.find(source, base, langs)
        if name:
            cols = ("conceptType", "conceptUri", "broaderType", "broaderUri")
            for line, row in parsed.read(source, name, cols):
                uri, broader = _uri(row, "conceptUri", name, line), _uri(row, "broaderUri",
                                                                          name, line)
                parsed.add("esco_broader", (uri, broader), (
                    uri, KIND_OF_TYPE.get(row["conceptType"], row["conceptType"]), broader,
                    KIND_OF_TYPE.get(row["broaderType"], row["broaderType"])))
    name = parsed.find(source, "occupationSkillRelations", langs)
    cols = ("occupationUri", "relationType", "skillUri")
    for line, row in parsed.read(source, name, cols) if name else ():
        occ, skill = _uri(row, "occupationUri", name, line), _uri(row, "skillUri", name, line)
        relation = _clean(row["relationType"])
        if relation not in ("essential", "optional"):
            raise EscoFormatError(f"relationType must be essential or optional, not {relation!r}",
                                  file=name, line=line, column="relationType")
        parsed.add("esco_occupation_skills", (occ, skill, relation),
                   (occ, skill, relation, _clean(row.get("skillType"))))
    name = parsed.find(source, "skillSkillRelations", langs)
    cols = ("originalSkillUri", "relationType", "relatedSkillUri")
    for line, row in parsed.read(source, name, cols) if name else ():
        a, b = _uri(row, "originalSkillUri", name, line), _uri(row, "relatedSkillUri", name, line)
        parsed.add("esco_skill_relations", (a, b, _clean(row["relationType"])),
                   (a, b, _clean(row["relationType"])))
    _parse_collections(parsed, source, langs)


def _parse_collections(parsed: Parsed, source: EscoSource, langs: list[str]) -> None:
    for base, collection in COLLECTIONS.items():
        name = parsed.find(source, base, langs)
        for line, row in parsed.read(source, name, ("conceptUri",)) if name else ():
            uri = _uri(row, "conceptUri", name, line)
            parsed.add("esco_collections", (collection, uri), (collection, uri))
    name = parsed.find(source, "conceptSchemes", langs)
    for line, row in parsed.read(source, name, ("conceptSchemeUri", "preferredLabel")) if name \
            else ():
        uri = _uri(row, "conceptSchemeUri", name, line)
        parsed.add("esco_concept_schemes", (uri,), (uri, _clean(row["preferredLabel"])))


def parse_hierarchy(parsed: Parsed, source: EscoSource, lang: str, name: str) -> None:
    """Read skillsHierarchy_<lang>.csv: codes and labels of the skill pillar's top levels."""
    cols = tuple(f"Level {i} URI" for i in range(4))
    for line, row in parsed.read(source, name, cols):
        for level in range(3, -1, -1):
            uri = _clean(row.get(f"Level {level} URI"))
            if uri:
                _uri(row, f"Level {level} URI", name, line)
                label = _clean(row.get(f"Level {level} preferred term"))
                if label:
                    parsed.add_label(uri, "skill_group", lang, "preferred", label)
                parsed.add("esco_skill_groups", (uri,),
                           (uri, _clean(row.get(f"Level {level} code"))))
                break
