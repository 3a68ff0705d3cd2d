"""The file format of state/elasticsearch.yaml.

Names become part of REST paths (`PUT /_index_template/<name>`) and settings
go to the server as they are written, so both are checked when the file is
loaded: names against Elasticsearch's own rules (which also keep `/`, `?` and
`#` out of every path), settings against the typed table in
`reconciler.elasticsearch.settings`.
"""

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reconciler.elasticsearch.settings import Path, settings_problems
from reconciler.field_defaults import empty_list

MAX_NAME_BYTES = 255
# Characters Elasticsearch refuses in index, alias and template names; none of them may reach a REST path.
_FORBIDDEN = set('\\/*?"<>|,# ')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NameKind = Literal["index", "alias", "template", "pipeline", "policy"]


def name_problem(name: str, kind: NameKind) -> str | None:
    """Why Elasticsearch would refuse `name` for an object of this kind (or it could not sit in a path), or None."""
    if not name:
        return f"an empty {kind} name"
    if _CONTROL.search(name):
        return f"{name!r}: control characters are not allowed in a name"
    forbidden = sorted({c for c in name if c in _FORBIDDEN or (c == ":" and kind in ("index", "alias"))})
    if forbidden:
        shown = " ".join(repr(c) for c in forbidden)
        never = '\\ / * ? " < > | , #' + (" :" if kind in ("index", "alias") else "")
        return f"{name!r} is not a valid {kind} name: it contains {shown} (never {never} or spaces)"
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"{kind} names are at most {MAX_NAME_BYTES} bytes (this one is {len(name.encode())})"
    if kind in ("index", "alias", "template") and name != name.lower():
        return f"{name!r} is not a valid {kind} name: it must be lower case"
    if kind in ("index", "alias") and (name.startswith(("_", "-", "+", ".")) or name in (".", "..")):
        return f"{name!r} is not a valid {kind} name: it cannot start with _ - + or . (hidden names are not managed)"
    if kind in ("template", "policy") and name.startswith("_"):
        return f"{name!r} is not a valid {kind} name: it cannot start with _"
    return None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _body_problems(body: "TemplateBody | IndexSpec", path: Path) -> Iterator[tuple[Path, str]]:
    yield from settings_problems(body.settings, (*path, "settings"))
    for alias in body.aliases:
        problem = name_problem(alias, "alias")
        if problem:
            yield (*path, "aliases", alias), problem


class IndexSpec(Strict):
    settings: dict[str, Any] = Field(default_factory=dict)
    mappings: dict[str, Any] = Field(default_factory=dict)
    aliases: dict[str, dict[str, Any]] = Field(default_factory=dict)
    aliased: bool = Field(
        default=False,
        description="Applications use the alias <name>; the concrete index is <name>-v<N>, so incompatible "
        "changes can migrate to <name>-v<N+1> by reindexing (--allow-reindex).",
    )


class TemplateBody(Strict):
    settings: dict[str, Any] = Field(default_factory=dict)
    mappings: dict[str, Any] = Field(default_factory=dict)
    aliases: dict[str, dict[str, Any]] = Field(default_factory=dict)


class IndexTemplateSpec(Strict):
    index_patterns: list[str] = Field(min_length=1)
    priority: int | None = None
    composed_of: list[str] = Field(default_factory=empty_list)
    template: TemplateBody = Field(default_factory=TemplateBody)
    version: int | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class ComponentTemplateSpec(Strict):
    template: TemplateBody
    version: int | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class PipelineSpec(Strict):
    description: str | None = None
    processors: list[dict[str, Any]] = Field(min_length=1)
    on_failure: list[dict[str, Any]] | None = None


class IlmPolicySpec(Strict):
    phases: dict[str, Any] = Field(min_length=1)
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class ElasticsearchSpec(Strict):
    """The whole of state/elasticsearch.yaml."""

    owned_prefixes: list[str] = Field(default_factory=empty_list, description="Names the state owns, for prune.")
    prune: bool = Field(default=False, description="Delete owned indices, templates, pipelines, policies not declared.")
    indices: dict[str, IndexSpec] = Field(default_factory=dict)
    component_templates: dict[str, ComponentTemplateSpec] = Field(default_factory=dict)
    index_templates: dict[str, IndexTemplateSpec] = Field(default_factory=dict)
    pipelines: dict[str, PipelineSpec] = Field(default_factory=dict)
    ilm_policies: dict[str, IlmPolicySpec] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> "ElasticsearchSpec":
        for name, template in self.index_templates.items():
            missing = [c for c in template.composed_of if c not in self.component_templates]
            if missing:
                raise ValueError(f"index template {name!r} is composed of undeclared component templates {missing}")
        if self.prune and not self.owned_prefixes:
            raise ValueError("prune needs owned_prefixes: only names under them are ever deleted")
        return self

    def problems(self) -> Iterator[tuple[Path, str]]:
        """Names and settings Elasticsearch would refuse, each with its path in the file.

        Checked after pydantic because most of them are mapping keys, which
        pydantic would report on the line of the enclosing mapping.
        """
        for position, prefix in enumerate(self.owned_prefixes):
            if not prefix or prefix.startswith(".") or _CONTROL.search(prefix) or any(c in prefix for c in _FORBIDDEN):
                yield ("owned_prefixes", position), f"owned prefix {prefix!r} must be a literal, non-hidden name prefix"
        sections: list[tuple[str, NameKind, dict[str, Any]]] = [
            ("indices", "index", self.indices),
            ("component_templates", "template", self.component_templates),
            ("index_templates", "template", self.index_templates),
            ("pipelines", "pipeline", self.pipelines),
            ("ilm_policies", "policy", self.ilm_policies),
        ]
        for section, kind, declared in sections:
            for name in declared:
                problem = name_problem(name, kind)
                if problem:
                    yield (section, name), problem
        for name, index in self.indices.items():
            yield from _body_problems(index, ("indices", name))
        for name, component in self.component_templates.items():
            yield from _body_problems(component.template, ("component_templates", name, "template"))
        for name, template in self.index_templates.items():
            yield from _body_problems(template.template, ("index_templates", name, "template"))
