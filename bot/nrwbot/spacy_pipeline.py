"""Builds the blank German spaCy pipeline with lookup lemmas that the NLU pipeline loads.

`de_core_news_md` cannot be installed everywhere (and must never be downloaded at run time), so
NRWbot ships a tokenizer-plus-lemmatizer pipeline built from `spacy-lookups-data`. Sites that have
`de_core_news_md` installed set `model: de_core_news_md` for SpacyNLP in `config.yml` instead.
"""

from __future__ import annotations

from pathlib import Path


def build_pipeline(target: Path) -> Path:
    """Writes the pipeline to `target` (idempotent) and returns the path."""
    if (target / "meta.json").exists():
        return target
    import spacy  # slow to import; only needed when building

    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "nrwbot_de_lookup"
    nlp.meta["description"] = "Blank German pipeline with lookup lemmatizer (spacy-lookups-data)"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target
