"""`placement taxonomy` commands through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from service.cli import cli
from tests.fixtures.tiny_esco import occ_uri


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_import_search_show(tiny_esco_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    result = run("taxonomy", "import", str(tiny_esco_dir), "--db", db, "--esco-version", "9.9")
    assert result.exit_code == 0, result.output
    assert "Imported ESCO 9.9 (en, nl)" in result.output
    again = run("taxonomy", "import", str(tiny_esco_dir), "--db", db)
    assert "nothing changed" in again.output
    found = run("taxonomy", "search", "heftruck", "--lang", "nl", "--db", db)
    assert found.exit_code == 0 and occ_uri("forklift") in found.output
    shown = run("taxonomy", "show", occ_uri("kitchen"), "--db", db)
    assert "keukenhulp" in shown.output and "wash the dishes" in shown.output
    assert "ISCO group: 9412" in shown.output
    info = run("taxonomy", "info", "--db", db)
    assert '"version": "9.9"' in info.output


def test_bad_input_exits_2_without_traceback(tiny_esco_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    (tiny_esco_dir / "occupations_en.csv").write_text("conceptUri,preferredLabel\n",
                                                      encoding="utf-8")
    result = run("taxonomy", "import", str(tiny_esco_dir), "--db", db)
    assert result.exit_code == 2
    assert "occupations_en.csv, line 1, column 'altLabels'" in result.output
    assert "Traceback" not in result.output
    for args in (["taxonomy", "import", str(tmp_path / "nope"), "--db", db],
                 ["taxonomy", "import", str(tiny_esco_dir), "--lang", "zz", "--db", db],
                 ["taxonomy", "search", "kok", "--db", db],
                 ["taxonomy", "search", "kok", "--kind", "job", "--db", db]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_show_unknown_uri(tiny_db: Path) -> None:
    result = run("taxonomy", "show", "http://x/y", "--db", str(tiny_db))
    assert result.exit_code == 2 and "no ESCO concept" in result.output
