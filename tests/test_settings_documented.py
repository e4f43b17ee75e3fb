"""Every setting in bot/settings.py is documented where operators look:
config/example.env (name=default under a help comment) and README.md's
settings table (a row whose first cell is the name in backticks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
NAMES = [s.name for s in SETTINGS]


def test_example_env_lists_every_setting_with_its_default() -> None:
    path = ROOT / "config" / "example.env"
    values = dotenv_values(path)
    missing = [n for n in NAMES if n not in values]
    assert not missing, f"config/example.env lacks {missing}"
    wrong = {s.name: values[s.name] for s in SETTINGS if (values[s.name] or "") != s.default}
    assert not wrong, f"config/example.env defaults differ from bot/settings.py: {wrong}"
    unknown = sorted(set(values) - set(NAMES))
    assert not unknown, f"config/example.env documents settings that do not exist: {unknown}"


def test_example_env_has_help_for_every_setting() -> None:
    lines = (ROOT / "config" / "example.env").read_text().splitlines()
    for setting in SETTINGS:
        at = next(i for i, line in enumerate(lines) if line.startswith(setting.name + "="))
        comments = " ".join(line for line in lines[max(0, at - 3):at] if line.startswith("#"))
        assert setting.help[:40] in comments, f"{setting.name}: help text missing above it"


@pytest.mark.parametrize("name", NAMES)
def test_readme_settings_table_has_every_setting(name: str) -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"^\|\s*`{re.escape(name)}`\s*\|", readme, re.MULTILINE), (
        f"README.md needs a settings table row starting with | `{name}` |"
    )


def test_settings_has_one_typed_field_per_setting() -> None:
    import dataclasses

    from bot.settings import Settings, attribute_name

    fields = {f.name for f in dataclasses.fields(Settings)}
    expected = {"database_url_setting" if s.name == "DATABASE_URL" else attribute_name(s.name)
                for s in SETTINGS}
    assert fields == expected
    defaults = Settings.from_env({}, dotenv=False)
    assert set(defaults.raw()) == set(NAMES)
    # what a child process is handed rebuilds the same settings
    assert Settings.from_env(defaults.raw(), dotenv=False) == defaults
    assert defaults.port == 3000 and defaults.allow_private_urls is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        defaults.port = 1  # type: ignore[misc]
