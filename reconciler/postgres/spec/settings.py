"""Settings as a person declares them: a database's (`settings:`) and a role's (ALTER ... SET, database_settings.py)."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, Field

from reconciler.postgres.spec.common import IDENTIFIER_MAX


def _finite_setting(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("a setting takes a finite number")
    return value


# A parameter's name: `work_mem`, `TimeZone`, `app.tenant` (a custom one, for the application's own use).
SettingName = Annotated[
    str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$", max_length=IDENTIFIER_MAX * 2 + 1)
]
# Text, a number or a boolean (written as text: PostgreSQL stores what was set), or a list for parameters that
# take one (search_path: [app, public]).
SettingValue = (
    bool
    | int
    | Annotated[float, AfterValidator(_finite_setting)]
    | Annotated[str, Field(max_length=4096)]
    | Annotated[list[Annotated[str, Field(min_length=1, max_length=IDENTIFIER_MAX * 4)]], Field(min_length=1)]
)
