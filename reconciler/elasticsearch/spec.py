"""The file format of state/elasticsearch.yaml."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _check_name(name: str) -> str:
    if (
        not name
        or name != name.lower()
        or name.startswith(("_", "-", "+", "."))
        or any(c in name for c in ' "*\\<|,>/?')
    ):
        raise ValueError(f'{name!r} is not a valid name (lower case, no leading _ - + ., no spaces or \\/*?"<>|,)')
    return name


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
    composed_of: list[str] = Field(default_factory=list)
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

    owned_prefixes: list[str] = Field(default_factory=list, description="Names the state owns, for prune.")
    prune: bool = Field(default=False, description="Delete owned indices, templates, pipelines, policies not declared.")
    indices: dict[str, IndexSpec] = Field(default_factory=dict)
    component_templates: dict[str, ComponentTemplateSpec] = Field(default_factory=dict)
    index_templates: dict[str, IndexTemplateSpec] = Field(default_factory=dict)
    pipelines: dict[str, PipelineSpec] = Field(default_factory=dict)
    ilm_policies: dict[str, IlmPolicySpec] = Field(default_factory=dict)

    @field_validator("indices")
    @classmethod
    def _index_names(cls, value: dict[str, IndexSpec]) -> dict[str, IndexSpec]:
        for name in value:
            _check_name(name)
        return value

    @model_validator(mode="after")
    def _references(self) -> ElasticsearchSpec:
        for name, template in self.index_templates.items():
            missing = [c for c in template.composed_of if c not in self.component_templates]
            if missing:
                raise ValueError(f"index template {name!r} is composed of undeclared component templates {missing}")
        for prefix in self.owned_prefixes:
            if not prefix or prefix.startswith(".") or any(c in prefix for c in "*?,"):
                raise ValueError(f"owned prefix {prefix!r} must be a literal, non-hidden name prefix")
        if self.prune and not self.owned_prefixes:
            raise ValueError("prune needs owned_prefixes: only names under them are ever deleted")
        return self
