"""`python -m nrwbot.rasa_training train …`: Rasa's training command, with fine-tuning fixed to
use the training cache.

Fine-tuning fills the new model's storage with the base model's components first. When a
component's inputs did not change (the dialogue policies after an NLU-only review), Rasa finds its
output in the training cache, but copying it refuses the filled storage unless both are byte for
byte equal, which TensorFlow's saved files never are; Rasa 3.6 then trains the component again
(TEDPolicy: about 30 s of every retraining here). The cached output is what this component's
inputs produce, so here it replaces the base model's copy instead.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from typing import Any

logger = logging.getLogger("nrwbot.rasa_training")


def _empty(directory: Path) -> None:
    for child in directory.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def install() -> None:
    """Patches `Resource.from_cache`; idempotent."""
    import rasa.utils.common
    from rasa.engine.storage.resource import Resource

    original = Resource.from_cache.__func__
    if getattr(original, "nrwbot_finetune", False):
        return

    def from_cache(
        cls: type[Resource],
        node_name: str,
        directory: Path,
        model_storage: Any,
        output_fingerprint: str,
    ) -> Resource:
        try:
            return original(cls, node_name, directory, model_storage, output_fingerprint)
        except ValueError:
            resource = cls(node_name, output_fingerprint=output_fingerprint)
            with model_storage.write_to(resource) as target:
                _empty(Path(target))
                rasa.utils.common.copy_directory(directory, Path(target))
            logger.info(
                "Restored '%s' from the training cache into the fine-tuned model", node_name
            )
            return resource

    from_cache.nrwbot_finetune = True  # type: ignore[attr-defined]
    Resource.from_cache = classmethod(from_cache)


def main() -> None:
    """Runs Rasa's command line with the fix installed."""
    from rasa.__main__ import main as rasa_main

    install()
    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
