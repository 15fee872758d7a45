"""`nrwbot bench`: one run that measures NRWbot and vanilla Rasa side by side on this machine.

Order: the vanilla bot is initialised and trained (unless a trained folder is given) and started
alone, so its start-up is timed on an otherwise idle bench; then NRWbot is started (`--start`) or
the running stack at `--url` is used. Both stay up while the loads run, interleaved per load
(NRWbot, then vanilla), so that a change in the machine's background load hits both alike; the
idle one costs next to nothing. Servers' memory is sampled for the whole run.
"""

from __future__ import annotations

import os
import platform
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil

# First of our modules: locust (in the driver) patches the standard library for gevent, which
# must happen before httpx (in servers) imports ssl.
from nrwbot.bench.driver import Load, drive
from nrwbot.bench.faults import fault_runs
from nrwbot.bench.memory import MemorySampler
from nrwbot.bench.plot import plot
from nrwbot.bench.report import build_result, summarize, table, write_json
from nrwbot.bench.scenarios import Mix, nrwbot_mix
from nrwbot.bench.servers import Server, answers, listener
from nrwbot.bench.stack import start_nrwbot
from nrwbot.bench.vanilla import VANILLA_MIX, init_bot, start_vanilla, trained_model
from nrwbot.errors import NRWbotError

SETTLE_SECONDS = 2.0  # between runs, so that requests cut off by the last run are done


@dataclass(frozen=True)
class BenchOptions:
    """What `nrwbot bench` was asked to do (see its --help)."""

    out: Path
    url: str = "http://127.0.0.1:5005"
    start: bool = False
    action_port: int = 5055
    concurrency: tuple[int, ...] = (1, 5, 10)
    think_s: tuple[float, ...] = (0.0, 2.0)
    duration_s: float = 15.0
    warmup_s: float = 3.0
    baseline: bool = True
    vanilla_dir: Path | None = None
    seed: int = 13
    note: str = ""
    startup_timeout_s: float = 600.0
    faults: bool = False  # after the loads: the action server suspended, then killed (faults.py)


@dataclass
class Bot:
    """A bot under test: where it answers, what citizens say to it, which processes to watch."""

    name: str
    url: str
    mix: Mix
    processes: dict[str, psutil.Process]
    info: dict[str, Any] = field(default_factory=dict)
    rest_secret: str | None = field(default=None, repr=False)
    runs: list[dict[str, Any]] = field(default_factory=list)
    action_port: int | None = None

    def __post_init__(self) -> None:
        self.info["watched_processes"] = {
            name: f"pid {p.pid}: {' '.join(p.cmdline()[:5])}" for name, p in self.processes.items()
        }


def _say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def _processes(**found: psutil.Process | None) -> dict[str, psutil.Process]:
    return {name: process for name, process in found.items() if process is not None}


def _vanilla(options: BenchOptions, workdir: Path, logs: Path, servers: list[Server]) -> Bot:
    folder = options.vanilla_dir or workdir / "vanilla"
    init_s = None
    if trained_model(folder) is None:
        _say(f"vanilla Rasa: rasa init --no-prompt into {folder} (trains the init bot) …")
        init_s = init_bot(folder, logs / "vanilla-init.log")
        _say(f"vanilla Rasa: initialised and trained in {init_s:.0f} s")
    _say("vanilla Rasa: rasa run --enable-api, timing start to first answer …")
    load = round(os.getloadavg()[0], 2)
    server = start_vanilla(folder, logs / "vanilla-run.log", options.startup_timeout_s)
    servers.append(server)
    _say(f"vanilla Rasa: first answer after {server.startup['first_answer']:.1f} s")
    rasa = listener(server.ports["rasa"]) or psutil.Process(server.process.pid)
    info = {
        "started_by_bench": True,
        "init_and_train_s": init_s,
        "startup_s": server.startup,
        "load_average_1m_at_start": load,
    }
    return Bot("vanilla", server.url, VANILLA_MIX, _processes(rasa=rasa), info)


def _nrwbot(options: BenchOptions, workdir: Path, logs: Path, servers: list[Server]) -> Bot:
    mix = nrwbot_mix()
    if options.start:
        _say("NRWbot: nrwbot run on free ports with its own var/, timing start to first answer …")
        load = round(os.getloadavg()[0], 2)
        server = start_nrwbot(
            workdir / "nrwbot", logs / "nrwbot-run.log", options.startup_timeout_s
        )
        servers.append(server)
        _say(f"NRWbot: first answer after {server.startup['first_answer']:.1f} s")
        found = _processes(
            rasa=listener(server.ports["rasa"]), action_server=listener(server.ports["action"])
        )
        info = {
            "started_by_bench": True,
            "citizens_by_address": True,
            "startup_s": server.startup,
            "load_average_1m_at_start": load,
        }
        bot = Bot("nrwbot", server.url, mix, found, info, server.rest_secret)
        bot.action_port = server.ports["action"]
        return bot
    url = options.url.rstrip("/")
    if not answers(url, "Hallo"):
        raise NRWbotError(
            f"No answer from {url}/webhooks/rest/webhook: start the bot or use --start"
        )
    port = urlsplit(url).port or 80
    found = _processes(rasa=listener(port), action_server=listener(options.action_port))
    # Without the stack's REST secret every citizen shares loopback's per-address budget, and
    # what exceeds it is answered with 429 (an error in the figures).
    secret = os.environ.get("NRWBOT_REST_SECRET") or None
    info = {"started_by_bench": False, "startup_s": None, "citizens_by_address": bool(secret)}
    bot = Bot("nrwbot", url, mix, found, info, secret)
    bot.action_port = options.action_port
    return bot


def _cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, float]:
    seconds = {}
    for name, process in processes.items():
        try:
            seconds[name] = sum(process.cpu_times()[:2])
        except psutil.Error:
            continue
    return seconds


def _one_run(bot: Bot, load: Load, seed: int, memory: MemorySampler) -> dict[str, Any]:
    machine_before = psutil.cpu_times()
    servers_before = _cpu_seconds(bot.processes)
    outcome = drive(bot.url, bot.mix, load, seed, bot.rest_secret)
    seconds = load.warmup_s + load.duration_s
    servers_after = _cpu_seconds(bot.processes)
    machine_after = psutil.cpu_times()
    idle = (machine_after.idle - machine_before.idle) / (os.cpu_count() or 1)
    run = {
        "users": load.users,
        "think_s": load.think_s,
        **summarize(outcome.samples, outcome.window),
    }
    run["peak_rss_mb"] = {
        name: memory.peak_mb(f"{bot.name}/{name}", outcome.window) for name in bot.processes
    }
    # CPU over the whole run (warm-up included): in % of one core, and per answered message,
    # which holds on a busy machine too (a server short of CPU takes longer, not more CPU).
    answered = sum(1 for sample in outcome.samples if sample.outcome != "error")
    used = {n: servers_after[n] - servers_before[n] for n in servers_after if n in servers_before}
    run["server_cpu_percent"] = {n: round(100 * t / seconds, 1) for n, t in used.items()}
    run["server_cpu_ms_per_message"] = {
        n: round(1000 * t / answered, 1) if answered else None for n, t in used.items()
    }
    run["client_cpu_percent"] = outcome.client_cpu_percent
    run["machine_cpu_busy_percent"] = round(100 * (1 - idle / seconds), 1)
    return run


def _measure(bots: list[Bot], options: BenchOptions) -> MemorySampler:
    watched = {f"{bot.name}/{name}": p for bot in bots for name, p in bot.processes.items()}
    with MemorySampler(watched) as memory:
        for users in options.concurrency:
            for think in options.think_s:
                for bot in bots:
                    load = Load(users, think, options.duration_s, options.warmup_s)
                    run = _one_run(bot, load, options.seed + users, memory)
                    bot.runs.append(run)
                    _say(
                        f"{bot.name:8} users={users:<3} think={think:g}s  p50={run['p50_ms']} ms "
                        f"p95={run['p95_ms']} ms  {run['messages_per_s']} msg/s  "
                        f"errors={run['errors']} unexpected={run['unexpected']}  "
                        f"machine CPU {run['machine_cpu_busy_percent']} %"
                    )
                    time.sleep(SETTLE_SECONDS)
    return memory


def _fault_runs(bot: Bot, options: BenchOptions) -> list[dict[str, Any]]:
    port = bot.action_port

    def find_pid() -> int | None:
        process = listener(port) if port else None
        return process.pid if process else None

    return fault_runs(bot.url, bot.mix, bot.rest_secret, find_pid, options.seed, _say)


def _machine(note: str) -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "note": note,
    }


def _bot_result(bot: Bot, memory: MemorySampler) -> dict[str, Any]:
    return {
        "url": bot.url,
        **bot.info,
        "mix": bot.mix.shares(),
        "messages_per_conversation": round(bot.mix.messages_per_play(), 2),
        "peak_rss_mb_whole_bench": {
            name: memory.peak_mb(f"{bot.name}/{name}") for name in bot.processes
        },
        "runs": bot.runs,
    }


def _meta(options: BenchOptions, machine: dict[str, Any], started_at: datetime) -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "title": f"nrwbot bench {started_at:%Y-%m-%d %H:%M}, {machine['cpus']} CPUs"
        + (f" — {options.note}" if options.note else ""),
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": machine,
        "versions": {name: version(name) for name in ("rasa", "rasa-sdk", "locust")},
        "settings": {
            "concurrency": list(options.concurrency),
            "think_s": list(options.think_s),
            "duration_s": options.duration_s,
            "warmup_s": options.warmup_s,
            "seed": options.seed,
            "think_time": "uniform 0.5–1.5 × think_s before every message",
            "latency": "per message, client side; percentiles over answered messages",
        },
    }


def run_bench(options: BenchOptions) -> dict[str, Any]:
    """Runs the whole bench; writes the JSON and the PNG next to each other; returns the result."""
    # A stopped bench stops the servers it started (the `finally` below), on Ctrl-C and on SIGTERM.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    logs = options.out.with_name(f"{options.out.stem}-logs")
    started_at = datetime.now(timezone.utc).astimezone()
    machine = _machine(options.note)
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="nrwbot-bench-") as tmp:
        workdir = Path(tmp)
        try:
            bots = [_vanilla(options, workdir, logs, servers)] if options.baseline else []
            bots.insert(0, _nrwbot(options, workdir, logs, servers))
            memory = _measure(bots, options)
            if options.faults:
                bots[0].info["fault_runs"] = _fault_runs(bots[0], options)
        finally:
            for server in servers:
                server.stop()
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result = build_result(
        _meta(options, machine, started_at), {bot.name: _bot_result(bot, memory) for bot in bots}
    )
    write_json(result, options.out)
    plot(result, options.out.with_suffix(".png"))
    startup = result["startup_to_first_answer"]
    print(table(result))
    print(
        f"\nstart to first answer: NRWbot {startup['nrwbot_s']} s, vanilla {startup['vanilla_s']} s"
        f" (ratio {startup['ratio']})"
    )
    print(f"Written: {options.out} and {options.out.with_suffix('.png')}; logs in {logs}")
    return result
