"""Functions, procedures and aggregates as a person declares them."""

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from reconciler.postgres.spec.access import Grants
from reconciler.postgres.spec.common import IDENTIFIER_MAX, QUALIFIED_NAME, Owner, Strict
from reconciler.state.jsonschema import any_case

SETTING_NAME = r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$"
SettingName = Annotated[str, Field(pattern=SETTING_NAME, max_length=IDENTIFIER_MAX * 2 + 1)]
# SQL text as after `SET name =` (`pg_catalog, public`, `'64MB'`), or a number or boolean.
SettingValue = bool | int | float | str


class RoutineSpec(Strict):
    """What functions and procedures share: arguments, language, body, SECURITY DEFINER, SET clauses, comment."""

    arguments: str = ""
    language: str = Field(default="plpgsql", description="plpgsql unless given; sql when `sql_body` is given.")
    body: str | None = Field(default=None, min_length=1, description="The body as a string (AS $$...$$).")
    sql_body: str | None = Field(
        default=None,
        min_length=1,
        description="A SQL-standard body instead of `body` (PostgreSQL 14+, LANGUAGE sql): "
        "`RETURN <expression>` or `BEGIN ATOMIC <statements>; END`. PostgreSQL checks it at creation and "
        "records what it uses, so it is created after those objects and re-created when they are replaced.",
    )
    security_definer: bool = False
    settings: dict[SettingName, SettingValue] = Field(
        default_factory=dict,
        alias="set",
        description="SET clauses: configuration parameter -> value, as SQL after `SET name =`.",
    )
    comment: str | None = None
    owner: Owner = None

    @field_validator("settings")
    @classmethod
    def _distinct_settings(cls, value: dict[str, SettingValue]) -> dict[str, SettingValue]:
        seen: dict[str, str] = {}
        for name in value:
            if name.lower() in seen:
                raise ValueError(f"{name!r} and {seen[name.lower()]!r} name the same parameter (names ignore case)")
            seen[name.lower()] = name
        return value

    @model_validator(mode="after")
    def _one_body(self) -> "RoutineSpec":
        """Exactly one of `body` and `sql_body`; a SQL-standard body is LANGUAGE sql (the default then)."""
        if (self.body is None) == (self.sql_body is None):
            raise ValueError("give exactly one of body (a string body) and sql_body (RETURN ... or BEGIN ATOMIC ...)")
        if self.sql_body is not None:
            if "language" not in self.model_fields_set:
                self.language = "sql"
            elif self.language.strip().lower() != "sql":
                raise ValueError(f"sql_body is a LANGUAGE sql body; language is {self.language!r}")
        return self


FunctionName = Annotated[str, Field(pattern=QUALIFIED_NAME, max_length=IDENTIFIER_MAX * 2 + 5)]


class FunctionSpec(RoutineSpec):
    """A function; `arguments` is the SQL argument list, e.g. `a integer, b text DEFAULT ''`.

    Every attribute PostgreSQL keeps for a function is declared here, so drift
    can see each of them: a SECURITY DEFINER function that loses its
    `SET search_path` runs with its caller's search_path.
    `cost` and `rows` left out mean PostgreSQL's defaults (100, or 1 for C
    functions; 1000 rows for set-returning functions).
    """

    returns: str = Field(min_length=1)
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = Field(
        default="unsafe", json_schema_extra=any_case("safe", "restricted", "unsafe")
    )
    leakproof: bool = False
    window: bool = Field(
        default=False,
        description="CREATE FUNCTION ... WINDOW: called over a window frame (`f(x) OVER (...)`). Only C code can be "
        "one: LANGUAGE internal, as an exact alias of a built-in window function (body: its C name, e.g. window_lag).",
    )
    cost: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    rows: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    support: FunctionName | None = Field(
        default=None,
        description="SUPPORT: a planner support function, (internal) -> internal, such as textlike_support; "
        "schema-qualified or found on the search path. Only a superuser may set one.",
    )
    grants: Grants = Field(default_factory=dict)

    @field_validator("parallel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class ProcedureSpec(RoutineSpec):
    """A procedure (CALL name(...)); `arguments` may hold IN, OUT and INOUT parameters: `a integer, INOUT b text`."""

    grants: Grants = Field(
        default_factory=dict, description="GRANT EXECUTE ON PROCEDURE ... (PUBLIC has it by default)."
    )


Modify = Literal["read_only", "shareable", "read_write"]


class AggregateSpec(Strict):
    """An aggregate: `arguments` as pg_get_function_arguments prints them (`integer`, `numeric, numeric`,
    `VARIADIC integer[]`; `float8 ORDER BY integer` for an ordered-set aggregate: direct arguments, then the
    aggregated ones), `sfunc` and `stype` its state transition function and state type; the other support
    functions and options are optional. The moving-aggregate options (`msfunc` ... `minitcond`) are a plain
    aggregate's second implementation for moving window frames."""

    arguments: str = Field(
        min_length=1,
        description="Input types, `*` for none; an ordered-set aggregate's are `[direct] ORDER BY aggregated`.",
    )
    hypothetical: bool = Field(default=False, description="A hypothetical-set aggregate (ordered-set only).")
    sfunc: FunctionName
    stype: str = Field(min_length=1)
    sspace: int = Field(default=0, ge=0)
    finalfunc: FunctionName | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: Modify | None = Field(
        default=None, description="Left out: PostgreSQL's default, read_only (read_write for ordered-set ones)."
    )
    combinefunc: FunctionName | None = None
    serialfunc: FunctionName | None = None
    deserialfunc: FunctionName | None = None
    initcond: str | None = Field(default=None, description="The state's initial value, as text (a string).")
    msfunc: FunctionName | None = Field(default=None, description="Moving-aggregate mode: forward transition.")
    minvfunc: FunctionName | None = Field(default=None, description="Moving-aggregate mode: inverse transition.")
    mstype: str | None = Field(default=None, min_length=1, description="Moving-aggregate mode: state type.")
    msspace: int = Field(default=0, ge=0)
    mfinalfunc: FunctionName | None = None
    mfinalfunc_extra: bool = False
    mfinalfunc_modify: Modify | None = Field(default=None, description="Left out: PostgreSQL's default, read_only.")
    minitcond: str | None = Field(default=None, description="The moving state's initial value, as text.")
    sortop: str | None = Field(default=None, pattern=r"^[-+*/<>=~!@#%^&|`?]{1,63}$")
    parallel: Literal["safe", "restricted", "unsafe"] = Field(
        default="unsafe", json_schema_extra=any_case("safe", "restricted", "unsafe")
    )
    comment: str | None = None
    owner: Owner = None
    grants: Grants = Field(
        default_factory=dict,
        description="GRANT EXECUTE ON FUNCTION name(all argument types, direct then aggregated) (PUBLIC has it).",
    )

    @field_validator("parallel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value
