"""Functions, procedures, aggregates and operators."""

from typing import Literal

from pydantic import Field

from reconciler.postgres.model.keys import operator_arguments
from reconciler.postgres.model.node import Node, _source


class Function(Node):
    """A function, or a procedure (`kind`): they share one namespace and every attribute a procedure has."""

    ORDERED = ("settings",)

    schema_name: str
    name: str
    kind: Literal["function", "procedure"] = "function"
    identity_arguments: str = ""
    signature: str = Field(
        default="", description="The input argument types alone: what PostgreSQL tells functions apart by."
    )
    arguments: str = ""
    returns: str
    language: str
    body: str
    sql_body: bool = Field(
        default=False,
        description="The body is SQL-standard (RETURN ..., BEGIN ATOMIC ... END): pg_get_function_sqlbody's text.",
    )
    # The state file's SQL-standard body, created from: its deparsed text may parse to another tree (an output
    # column `'x'::text` is named "text" once re-parsed).
    source: str | None = _source()
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    security_definer: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    leakproof: bool = False
    window: bool = Field(default=False, description="prokind 'w': a window function.")
    cost: float = Field(default=100.0, description="procost: estimated cost per call, in cpu_operator_cost units.")
    rows: float = Field(default=0.0, description="prorows: estimated rows of a set-returning function (0 otherwise).")
    settings: dict[str, str] = Field(
        default_factory=dict,
        description="proconfig: each SET clause, parameter -> value as PostgreSQL stores it ('pg_catalog, public').",
    )
    support: str | None = Field(default=None, description="prosupport as regproc prints it: the SUPPORT function.")
    comment: str | None = None

    @property
    def returns_set(self) -> bool:
        """True for SETOF and TABLE functions, the only ones ROWS applies to."""
        return self.returns.startswith(("SETOF ", "TABLE("))


class Aggregate(Node):
    """An aggregate (CREATE AGGREGATE); functions are named as regproc prints them. An ordered-set one's
    arguments read `direct ORDER BY aggregated`; `m...` are the moving-aggregate options."""

    schema_name: str
    name: str
    identity_arguments: str = ""
    signature: str = ""
    arguments: str = ""
    kind: Literal["normal", "ordered_set", "hypothetical"] = "normal"
    direct_arguments: int = 0
    sfunc: str
    stype: str
    sspace: int = 0
    finalfunc: str | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: Literal["read_only", "shareable", "read_write"] = "read_only"
    combinefunc: str | None = None
    serialfunc: str | None = None
    deserialfunc: str | None = None
    initcond: str | None = None
    msfunc: str | None = None
    minvfunc: str | None = None
    mstype: str | None = None
    msspace: int = 0
    mfinalfunc: str | None = None
    mfinalfunc_extra: bool = False
    mfinalfunc_modify: Literal["read_only", "shareable", "read_write"] = "read_only"
    minitcond: str | None = None
    sortop: str | None = None
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    comment: str | None = None


class Operator(Node):
    """An operator (CREATE OPERATOR) that is not a shell; functions are named as regproc prints them.

    `commutator` and `negator` name an operator as `schema.name` (its schema quoted where needed): the
    commutator takes the argument types swapped, the negator the same ones.
    """

    schema_name: str
    name: str
    left: str | None = Field(default=None, description="format_type of the left argument; None: a prefix operator.")
    right: str
    result: str = Field(description="format_type of the result: the function's, never declared.")
    function: str
    commutator: str | None = None
    negator: str | None = None
    restrict: str | None = None
    join: str | None = None
    hashes: bool = False
    merges: bool = False
    comment: str | None = None
    declared_as: str | None = Field(
        default=None,
        exclude=True,
        description="The state file's key for it (`=== (int, int)`), however it spells the types; never compared.",
    )

    @property
    def arguments(self) -> str:
        """`text, text`, `NONE, integer`: the argument types as DROP / COMMENT ON OPERATOR take them."""
        return operator_arguments(self.left, self.right)
