"""Builders for throw-away projects, tenants and experts in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from nrwbot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

TENANT = {
    "municipality": "Stadt Beispiel",
    "bot_name": "Testbot",
    "persona": "der digitale Assistent der Stadt Beispiel",
    "contact": {
        "office": "Bürgerbüro",
        "phone": "01234 5678",
        "email": "buergerbuero@beispiel.de",
        "address": "Markt 1, 12345 Beispiel",
        "opening_hours": "Mo–Fr 8–12 Uhr",
    },
    "privacy_url": "https://www.beispiel.de/datenschutz",
}


def settings_for(root: Path, default_tenant: str = "beispiel") -> Settings:
    return Settings(
        root=root,
        default_tenant=default_tenant,
        rasa_port=5005,
        action_port=5055,
        backend_port=5070,
        portal_port=8080,
        host="127.0.0.1",
        tracker_store_url=f"sqlite:///{root / 'var' / 'conversations.db'}",
        max_message_chars=1000,
    )


def write_yaml(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_project(tmp_path: Path, experts: dict[str, dict] | None = None) -> Settings:
    """A project root with the real core bot and config, one tenant and no experts."""
    for name in ("bot/domain.yml", "config.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "bot" / "data", tmp_path / "bot" / "data")
    (tmp_path / "domains").mkdir()
    write_yaml(tmp_path / "tenants" / "beispiel.yml", {**TENANT, "experts": experts or {}})
    return settings_for(tmp_path)


def make_expert(
    settings: Settings,
    name: str,
    prefix: str | None = None,
    domain: dict | None = None,
    manifest: dict | None = None,
    nlu: list | None = None,
) -> Path:
    """An expert folder with a manifest, a domain and (optionally) NLU data."""
    prefix = prefix or name
    folder = settings.domains_dir / name
    write_yaml(
        folder / "expert.yml",
        {
            "name": name,
            "title": name.title(),
            "description": f"Fragen zu {name}.",
            "intent_prefix": prefix,
            "version": "0.1.0",
            **(manifest or {}),
        },
    )
    write_yaml(
        folder / "domain.yml",
        domain
        or {
            "version": "3.1",
            "intents": [f"{prefix}_frage"],
            "responses": {f"utter_{prefix}_antwort": [{"text": "Antwort."}]},
        },
    )
    if nlu is not None:
        write_yaml(folder / "data" / "nlu.yml", {"version": "3.1", "nlu": nlu})
    return folder


def copy_repository(target: Path, *, experts: bool = True, spacy: bool = True) -> None:
    """The repository's files as git sees them (with or without the experts) and the built
    spaCy pipeline, so that the copy composes to the same fingerprint as the repository."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and (experts or not name.startswith("domains/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    (target / "domains").mkdir(exist_ok=True)
    (target / "domains" / "__init__.py").touch()
    if spacy:
        shutil.copytree(ROOT / "build" / "spacy", target / "build" / "spacy")


def copy_project(target: Path, *, spacy: bool = True) -> None:
    """The repository's files (as git sees them) without experts, and no tenant enabling any."""
    copy_repository(target, experts=False, spacy=spacy)
    for tenant in (target / "tenants").glob("*.yml"):
        data = yaml.safe_load(tenant.read_text())
        data["experts"] = {}
        tenant.write_text(yaml.safe_dump(data, allow_unicode=True))
