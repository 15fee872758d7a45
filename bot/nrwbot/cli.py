"""The `nrwbot` command line: experts, training, evaluation and running the bot."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.project import Project, load_project
from nrwbot.settings import Settings, get_settings

DEFAULT_EVAL_SET = "tests/nlu/heldout.yml"


def _cmd_experts(args: argparse.Namespace) -> int:
    project = load_project()
    for expert in project.experts.values():
        tenants = [t.id for t in project.tenants if t.enables(expert.name)]
        print(
            f"{expert.name:16} v{expert.version:8} prefix={expert.intent_prefix}_  "
            f"tenants={','.join(tenants) or '-'}\n  {expert.title}: {expert.description}"
        )
    if not project.experts:
        print("No experts found under domains/. Create one with: nrwbot expert new NAME")
    return 0


def _cmd_expert_new(args: argparse.Namespace) -> int:
    from nrwbot.scaffold import scaffold_expert

    settings = get_settings()
    folder = scaffold_expert(
        settings, args.name, enable_for=None if args.no_enable else settings.default_tenant
    )
    print(f"Created expert '{args.name}' in {folder.relative_to(settings.root)}")
    if not args.no_enable:
        print(f"Enabled it for tenant '{settings.default_tenant}'. Next: nrwbot train")
    return 0


def _prepared(project: Project) -> ComposedProject:
    from nrwbot.spacy_pipeline import build_pipeline

    build_pipeline(project.settings.spacy_pipeline_dir)
    return project.compose()


def _cmd_compose(args: argparse.Namespace) -> int:
    composed = _prepared(load_project())
    print(
        f"{composed.root}  experts={','.join(composed.experts) or '-'}  fingerprint={composed.fingerprint}"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from nrwbot.compose import check_composition

    project = load_project()  # validates every manifest and tenant file, typed settings included
    check_composition(project.settings, project.enabled_experts)
    tenants = sorted(tenant.id for tenant in project.tenants)
    print(
        f"OK: {len(tenants)} tenants ({', '.join(tenants)}), "
        f"experts {', '.join(e.name for e in project.enabled_experts) or '-'}"
    )
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from nrwbot.training import train

    project = load_project()
    model = train(project.settings, _prepared(project), force=args.force)
    root = project.settings.root
    print(f"Model: {model.relative_to(root) if model.is_relative_to(root) else model}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from nrwbot.training import rasa_command

    project = load_project()
    composed = _prepared(project)
    command = rasa_command(
        "data", "validate", "--fail-on-warnings",
        "--config", str(project.settings.root / "config.yml"),
        "--domain", str(composed.domain), "--data", str(composed.data),
    )  # fmt: skip
    return subprocess.run(command, cwd=project.settings.root, check=False).returncode


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nrwbot.evaluation import cross_validate_nlu, evaluate_nlu
    from nrwbot.training import train

    project = load_project()
    composed = _prepared(project)
    model = train(project.settings, composed)
    intents = None
    if args.core_only:
        from nrwbot.compose import declared_names

        intents = declared_names([project.settings.root / "bot" / "domain.yml"])["intents"]
    elif args.intents:
        intents = set(args.intents.split(","))
    nlu_file = Path(args.nlu) if args.nlu else project.settings.root / DEFAULT_EVAL_SET
    report = evaluate_nlu(project.settings, model, composed, nlu_file, intents)
    if args.cv:
        report["cross_validation"] = cross_validate_nlu(
            project.settings, composed, args.folds, intents
        )
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def _print_admin_login(settings: Settings) -> None:
    from admin.cli import demo_login

    line = demo_login(settings)  # None when accounts are configured: then there is no demo login
    if line:
        print(line, flush=True)


def _cmd_admin(args: argparse.Namespace) -> int:
    from admin.cli import serve_command

    return serve_command(args)


def _cmd_admin_add_user(args: argparse.Namespace) -> int:
    from admin.cli import add_user_command

    return add_user_command(args)


def _cmd_admin_export(args: argparse.Namespace) -> int:
    from admin.cli import export_command

    return export_command(args)


def _audit(action: str, detail: str) -> None:
    from admin.cli import record

    record(action, detail)


def _cmd_retrain(args: argparse.Namespace) -> int:
    from functools import partial

    from nrwbot.model_comparison import format_table
    from nrwbot.retraining import TerminalProgress, retrain, train_candidate

    _audit("retrain_started", "full training" if args.full else "fine-tuning if possible")
    trainer = train_candidate
    if args.epoch_fraction is not None:
        trainer = partial(train_candidate, epoch_fraction=args.epoch_fraction)
    try:
        outcome = retrain(
            load_project(),
            TerminalProgress(),
            full=args.full,
            release=not args.no_release,
            trainer=trainer,
        )
    except NRWbotError as exc:
        _audit("retrain_failed", str(exc))
        raise
    for comparison in outcome.comparisons:
        print(format_table(comparison))
    _audit("retrained", outcome.summary())
    if outcome.released is not None:
        _audit("released", f"{outcome.released.model} (by retraining)")
        print(f"Released {outcome.released.model}: {' '.join(outcome.verdict.reasons)}")
    elif outcome.verdict.release:
        print(f"Not released (--no-release), although {' '.join(outcome.verdict.reasons)}")
    else:
        kept = outcome.current.name if outcome.current else "no model"
        print(f"Kept {kept}: {'; '.join(outcome.verdict.reasons)}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from nrwbot.release import serve_at_start
    from nrwbot.runner import run_foreground, run_services
    from nrwbot.training import train

    project = load_project()
    model = train(project.settings, _prepared(project))
    _, why = serve_at_start(project.settings.models_dir, model)
    print(why)
    if not args.cluster:
        _print_admin_login(project.settings)
        return run_foreground(project.settings)
    from nrwbot.cluster import cluster_services

    return run_services(project.settings, cluster_services(project.settings, args.replicas))


def _cmd_release(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nrwbot.release import release
    from nrwbot.training import model_path

    project = load_project()
    model = Path(args.model) if args.model else model_path(project.settings, _prepared(project))
    released = release(project.settings.models_dir, model.resolve())
    _audit("released", released.model)
    print(f"Released {released.model}; every replica loads it within its polling interval")
    return 0


def _cmd_rollback(args: argparse.Namespace) -> int:
    from nrwbot.release import rollback

    restored = rollback(get_settings().models_dir)
    _audit("rolled_back", f"to {restored.model}")
    print(f"Rolled back to {restored.model}")
    return 0


def _cmd_backend_seed(args: argparse.Namespace) -> int:
    import asyncio
    from pathlib import Path

    from backend.seed import SeedError, seed_file
    from backend.settings import database_url_from_env

    try:
        count = asyncio.run(seed_file(database_url_from_env(), Path(args.file)))
    except SeedError as exc:
        raise NRWbotError(str(exc)) from exc
    print(f"Loaded {count} records from {args.file}")
    return 0


def _cmd_retention(args: argparse.Namespace) -> int:
    from nrwbot.retention import delete_older_than, parse_period

    settings = get_settings()
    days = parse_period(args.older_than) if args.older_than else settings.retention_days
    deleted = delete_older_than(settings.tracker_store_url, days)
    print(
        f"Deleted {deleted.conversations} conversations ({deleted.events} events) "
        f"whose last message is older than {days:g} days"
    )
    return 0


def _cmd_forget(args: argparse.Namespace) -> int:
    from nrwbot.retention import forget, forget_annotations

    settings = get_settings()
    deleted = forget(settings.tracker_store_url, args.conversation_id)
    annotated = forget_annotations(args.conversation_id, settings.var_dir)
    if not deleted.conversations and not annotated:
        print(f"No conversation {args.conversation_id!r} in the tracker store")
        return 1
    print(
        f"Deleted conversation {args.conversation_id!r} ({deleted.events} events, "
        f"{annotated} annotations)"
    )
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from datetime import datetime
    from pathlib import Path

    try:  # imports locust, which patches the standard library for gevent: no socket is open yet
        from nrwbot.bench.run import BenchOptions, run_bench
    except ModuleNotFoundError as exc:
        raise NRWbotError(
            f"nrwbot bench needs the dev packages ({exc.name} is missing): "
            "pip install -c requirements/constraints.txt -e '.[dev]'"
        ) from exc

    settings = get_settings()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else settings.var_dir / "bench" / f"{stamp}.json"
    run_bench(
        BenchOptions(
            out=out.resolve(),
            url=args.url,
            start=args.start,
            action_port=args.action_port or settings.action_port,
            concurrency=tuple(int(n) for n in args.concurrency.split(",")),
            think_s=tuple(float(s) for s in args.think.split(",")),
            duration_s=args.duration,
            warmup_s=args.warmup,
            baseline=not args.no_baseline,
            vanilla_dir=Path(args.vanilla_dir).resolve() if args.vanilla_dir else None,
            seed=args.seed,
            note=args.note,
            faults=args.faults,
        )
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nrwbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "experts", help="list the experts found and the tenants that enable them"
    ).set_defaults(func=_cmd_experts)
    expert = sub.add_parser("expert", help="work with experts").add_subparsers(
        dest="expert_command", required=True
    )
    new = expert.add_parser("new", help="scaffold a working expert under domains/NAME")
    new.add_argument("name")
    new.add_argument(
        "--no-enable", action="store_true", help="do not enable it for the default tenant"
    )
    new.set_defaults(func=_cmd_expert_new)
    sub.add_parser("compose", help="write the combined Rasa project to build/project").set_defaults(
        func=_cmd_compose
    )
    sub.add_parser(
        "check", help="validate experts and tenant files (typed settings) without training"
    ).set_defaults(func=_cmd_check)
    train = sub.add_parser("train", help="train a model unless one matches the current inputs")
    train.add_argument("--force", action="store_true")
    train.set_defaults(func=_cmd_train)
    sub.add_parser("validate", help="rasa data validate on the composed project").set_defaults(
        func=_cmd_validate
    )
    evaluate = sub.add_parser(
        "evaluate", help="NLU figures of the current model and a TF-IDF baseline, as JSON"
    )
    evaluate.add_argument(
        "--nlu",
        help=f"a Rasa NLU YAML file never trained on (default: {DEFAULT_EVAL_SET})",
    )
    group = evaluate.add_mutually_exclusive_group()
    group.add_argument("--core-only", action="store_true", help="only the core intents")
    group.add_argument("--intents", help="comma-separated intents to keep")
    evaluate.add_argument(
        "--cv",
        action="store_true",
        help="also cross-validate both classifiers on the training data (trains Rasa once per fold)",
    )
    evaluate.add_argument("--folds", type=int, default=5, help="folds for --cv (default: 5)")
    evaluate.set_defaults(func=_cmd_evaluate)
    retention = sub.add_parser(
        "retention", help="delete conversations older than the retention period"
    )
    retention.add_argument(
        "--older-than", help="period such as 90d or 12w (default: NRWBOT_RETENTION_DAYS, 90)"
    )
    retention.set_defaults(func=_cmd_retention)
    forget = sub.add_parser(
        "forget", help="delete one conversation from the tracker store (GDPR Art. 17)"
    )
    forget.add_argument("conversation_id")
    forget.set_defaults(func=_cmd_forget)
    backend = sub.add_parser("backend", help="the reference municipal backend").add_subparsers(
        dest="backend_command", required=True
    )
    seed = backend.add_parser(
        "seed", help="load a JSON file in the demo data format (DATABASE_URL)"
    )
    seed.add_argument("file")
    seed.set_defaults(func=_cmd_backend_seed)
    admin = sub.add_parser(
        "admin", help="the admin app: review citizens' messages (admin/README.md)"
    )
    admin.add_argument("--host", help="interface (default: NRWBOT_ADMIN_HOST, 127.0.0.1)")
    admin.add_argument("--port", type=int, help="port (default: NRWBOT_ADMIN_PORT, 5080)")
    admin.set_defaults(func=_cmd_admin)
    admin_commands = admin.add_subparsers(dest="admin_command")
    add_user = admin_commands.add_parser("add-user", help="add or update an admin account")
    add_user.add_argument("name")
    add_user.add_argument("--scope", required=True, help="tenant ids, comma-separated, or all")
    add_user.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add_user.set_defaults(func=_cmd_admin_add_user)
    export = admin_commands.add_parser(
        "export", help="show the diff that exporting approved annotations makes (--write: write)"
    )
    export.add_argument(
        "--write", action="store_true", help="write the reviewed files (data/nlu_reviewed.yml)"
    )
    export.set_defaults(func=_cmd_admin_export)
    run = sub.add_parser("run", help="start the bot and its servers in the foreground")
    run.add_argument(
        "--cluster",
        action="store_true",
        help="Rasa and action server replicas behind nginx, shared stores, a model server",
    )
    run.add_argument("--replicas", type=int, default=2, help="replicas in a cluster (default 2)")
    run.set_defaults(func=_cmd_run)
    release = sub.add_parser(
        "release", help="serve a trained model to every replica (default: the current inputs')"
    )
    release.add_argument("--model", help="path of a model in the models folder")
    release.set_defaults(func=_cmd_release)
    sub.add_parser("rollback", help="serve the previously released model again").set_defaults(
        func=_cmd_rollback
    )
    retrain = sub.add_parser(
        "retrain",
        help="fine-tune a candidate, compare it with the current model on the held-out set, "
        "release it if it is not worse",
    )
    retrain.add_argument(
        "--full", action="store_true", help="train from scratch instead of fine-tuning"
    )
    retrain.add_argument(
        "--no-release", action="store_true", help="only train and compare, release nothing"
    )
    retrain.add_argument(
        "--epoch-fraction",
        type=float,
        help="share of the configured epochs for fine-tuning (default 0.25)",
    )
    retrain.set_defaults(func=_cmd_retrain)
    bench = sub.add_parser(
        "bench",
        help="simulated citizens over REST against NRWbot and a vanilla `rasa init` bot: "
        "latency, throughput, errors, peak memory, start-up time (JSON + PNG)",
    )
    target = bench.add_mutually_exclusive_group()
    target.add_argument(
        "--url", default="http://127.0.0.1:5005", help="a running NRWbot (default: %(default)s)"
    )
    target.add_argument(
        "--start",
        action="store_true",
        help="start an isolated `nrwbot run` (free ports, temporary var/) and time its start",
    )
    bench.add_argument(
        "--action-port", type=int, help="action server port with --url, for its memory (5055)"
    )
    bench.add_argument("--concurrency", default="1,5,10", help="citizens at once (%(default)s)")
    bench.add_argument(
        "--think", default="0,2", help="mean think time per message, seconds (%(default)s)"
    )
    bench.add_argument(
        "--duration", type=float, default=15, help="seconds measured per run (%(default)s)"
    )
    bench.add_argument(
        "--warmup", type=float, default=3, help="seconds before measuring (%(default)s)"
    )
    bench.add_argument("--no-baseline", action="store_true", help="skip vanilla Rasa")
    bench.add_argument(
        "--faults",
        action="store_true",
        help="after the loads, suspend and then kill NRWbot's action server under load",
    )
    bench.add_argument(
        "--vanilla-dir", help="a `rasa init` folder to reuse (trained there if it has no model)"
    )
    bench.add_argument("--out", help="JSON file (default: var/bench/<timestamp>.json; PNG beside)")
    bench.add_argument("--seed", type=int, default=13, help="random seed of the mix")
    bench.add_argument("--note", default="", help="a note kept in the result, e.g. machine load")
    bench.set_defaults(func=_cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except NRWbotError as exc:
        print(f"nrwbot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
