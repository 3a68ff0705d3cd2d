"""What keeps building reconcile's pydantic models cheap: every process builds all of them before its first line.

Two rules, each worth 15-40 ms of a `reconcile drift` process (README, Development): a module that defines
models evaluates its annotations (no `from __future__ import annotations`: pydantic would compile and evaluate
each string again), and an empty-list default uses `reconciler.field_defaults.empty_list` (pydantic reads each default
factory's signature, and builtin list's costs ten times a Python function's).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from pydantic import BaseModel

import reconciler
from reconciler.field_defaults import empty_list


def _models() -> list[type[BaseModel]]:
    for module in pkgutil.walk_packages(reconciler.__path__, "reconciler."):
        importlib.import_module(module.name)
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("reconciler.") and sub not in found:
                found.append(sub)
    return found


def test_every_model_is_found() -> None:
    names = {model.__name__ for model in _models()}
    assert {"DatabaseSpec", "Database", "Plan", "RedisSpec", "TopicSpec"} <= names


def test_modules_that_define_models_evaluate_their_annotations() -> None:
    postponed = sorted(
        {
            model.__module__
            for model in _models()
            if "from __future__ import annotations"
            in Path(str(sys.modules[model.__module__].__file__)).read_text(encoding="utf-8")
        }
    )
    assert postponed == []


def test_empty_list_defaults_use_a_python_factory() -> None:
    builtin = sorted(
        f"{model.__module__}.{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if info.default_factory is list
    )
    assert builtin == []
    assert empty_list() == [] and empty_list() is not empty_list()
