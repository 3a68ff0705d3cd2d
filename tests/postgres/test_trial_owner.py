"""The trial gives an object its declared owner only when the grants take something from that owner."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.privileges import materialize_grants
from reconciler.postgres.spec.database import DatabaseSpec


def _statements(owner_grants: Any) -> list[str]:
    spec = DatabaseSpec.model_validate(
        {
            "database": "shop",
            "owner": "app_owner",
            "schemas": {
                "app": {
                    "tables": {"items": {"columns": {"id": {"type": "int"}}, "grants": {"app_owner": owner_grants}}},
                    "functions": {
                        "one": {
                            "returns": "int",
                            "language": "sql",
                            "body": "SELECT 1",
                            "owner": "runner",
                            "grants": {"runner": owner_grants, "public": []},
                        },
                    },
                }
            },
        }
    )
    return [sql for sql, _ in materialize_grants(spec, {"app": "trial_app"})]


def test_grants_that_take_from_the_owner_give_the_trial_object_that_owner() -> None:
    statements = _statements(["select"])
    assert "ALTER TABLE trial_app.items OWNER TO app_owner" in statements
    assert "ALTER FUNCTION trial_app.one OWNER TO runner" in statements
    # Before the owner's grants are made exact, so that they are measured against the owner's default.
    assert statements.index("ALTER TABLE trial_app.items OWNER TO app_owner") < statements.index(
        "REVOKE ALL ON TABLE trial_app.items FROM app_owner"
    )


def test_the_owner_holding_all_its_default_needs_no_owner_in_the_trial() -> None:
    assert not [sql for sql in _statements(["all"]) if " OWNER TO " in sql]


def test_a_domain_an_enum_and_an_aggregate_take_their_declared_owner_the_same_way() -> None:
    spec = DatabaseSpec.model_validate(
        {
            "database": "shop",
            "schemas": {
                "app": {
                    "domains": {"positive": {"type": "int", "owner": "typer"}},
                    "enums": {"mood": {"labels": ["sad"], "owner": "typer"}},
                    "type_grants": {"positive": {"typer": []}, "mood": {"typer": ["all"]}},
                    "aggregates": {
                        "total": {
                            "arguments": "integer",
                            "sfunc": "int4pl",
                            "stype": "integer",
                            "owner": "summer",
                            "grants": {"summer": []},
                        }
                    },
                }
            },
        }
    )
    statements = [sql for sql, _ in materialize_grants(spec, {"app": "trial_app"})]
    owned = [sql for sql in statements if " OWNER TO " in sql]
    assert owned == [
        "ALTER AGGREGATE trial_app.total(integer) OWNER TO summer",
        "ALTER DOMAIN trial_app.positive OWNER TO typer",  # ALTER TYPE refuses a domain
    ]  # mood's owner keeps all its default: no owner needed
