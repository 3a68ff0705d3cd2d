"""Whether a tenant schema reads exactly as its template, without readdressing the template and diffing it.

Readdressing a template into a tenant schema (templates.Readdress) and diffing it costs a few milliseconds
a tenant, and a no-op plan of 10,000 tenants pays that for every one of them. Most tenants match their
template exactly, so each is first compared as text: the template's dump is split once into the JSON
strings that name its schema and the text between them. For a tenant, those strings are readdressed one by
one as Readdress readdresses every string (dict keys included), and the result is compared with the
tenant's own dump. Equal dumps are equal models, field by field, and the diff of equal models is empty.

Anything else goes through the whole diff: a drifted tenant, an object the template does not declare (left
alone there), an entry in another order (grantees keep their ACL's order), a string escaped otherwise.
Owners are compared only where the template declares them, as the differ does.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reconciler.postgres.model import Database

# A JSON string: what a dump writes for every str of the model, dict keys included.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


class TemplateText:
    """A template's dump, ready to be readdressed into any tenant schema as text."""

    def __init__(self, template: Database, logical: str) -> None:
        self.exclude: set[str] | None = None if template.owners else {"owners"}
        text = template.model_dump_json(exclude=self.exclude)
        self.literals: list[str] = []  # the text around the strings that name the template's schema
        self.strings: list[str] = []  # those strings, decoded
        start = 0
        for match in _STRING.finditer(text):
            value = json.loads(match.group())
            if logical in value:
                self.literals.append(text[start : match.start()])
                self.strings.append(value)
                start = match.end()
        self.literals.append(text[start:])

    def matches(self, have: Database, readdress: Any) -> bool:
        """True when `have`, the tenant's live model, dumps exactly as the template readdressed by `readdress`."""
        parts = [self.literals[0]]
        for value, literal in zip(self.strings, self.literals[1:], strict=True):
            parts.append(json.dumps(readdress.text(value), ensure_ascii=False))
            parts.append(literal)
        return "".join(parts) == have.model_dump_json(exclude=self.exclude)
