"""The `reconcile` command and `python -m reconciler`: the CLI, imported with the cyclic collector paused.

Importing the CLI creates some 200,000 objects (pydantic's validators and schemas, the client libraries'
classes), and their number alone triggered full collections that walked every one of them: 0.1-0.2 s of
a 1.1 s `reconcile drift` process on the AI4I state. None of them is garbage; all live as long as the
process. So the collector is paused while the CLI is imported, and what the import made is then moved
out of its reach (gc.freeze): later collections walk only what the command itself creates.
"""

from __future__ import annotations

import gc
from typing import NoReturn


def run() -> NoReturn:
    """Import the CLI with the collector paused, then run it (`reconciler.cli.run`)."""
    gc.disable()
    try:
        from reconciler.cli import run as run_cli
    finally:
        gc.freeze()
        gc.enable()
    run_cli()


if __name__ == "__main__":
    run()
