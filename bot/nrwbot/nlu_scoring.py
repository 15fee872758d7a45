"""`python -m nrwbot.nlu_scoring`: what `rasa test nlu` does, for several models and test files
in one process.

Each `rasa test nlu` starts Python, imports TensorFlow and loads the model, which takes far longer
than predicting a thousand examples; `nrwbot retrain` scores two models on two files, so it runs
this once instead of `rasa test nlu` four times. Every (model, file) pair writes the same reports
as `rasa test nlu --successes --no-plot --out OUT` (read by nrwbot.rasa_results).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence


async def _score(domain: str, jobs: Sequence[tuple[str, str, str]]) -> None:
    from rasa.core.agent import Agent
    from rasa.nlu.test import run_evaluation

    models = list(dict.fromkeys(model for model, _, _ in jobs))
    for model in models:
        agent = Agent.load(model_path=model)
        for _, nlu_file, out in (job for job in jobs if job[0] == model):
            print(f"Scoring {model} on {nlu_file}", flush=True)
            await run_evaluation(
                nlu_file,
                agent.processor,
                output_directory=out,
                successes=True,
                errors=True,
                disable_plotting=True,
                domain_path=domain,
            )
        del agent  # one model in memory at a time


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m nrwbot.nlu_scoring", description=__doc__)
    parser.add_argument("--domain", required=True, help="the composed domain folder")
    parser.add_argument(
        "--job",
        nargs=3,
        action="append",
        required=True,
        metavar=("MODEL", "NLU_FILE", "OUT"),
        help="score MODEL on NLU_FILE and write the reports to OUT (repeatable)",
    )
    args = parser.parse_args(argv)
    asyncio.run(_score(args.domain, [tuple(job) for job in args.job]))


if __name__ == "__main__":
    main()
