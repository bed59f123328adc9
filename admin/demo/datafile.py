"""Read the demo's TOML data files from ``admin/demo/data/``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


def read(name: str) -> dict[str, Any]:
    """Return the parsed contents of ``data/<name>.toml``."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)
