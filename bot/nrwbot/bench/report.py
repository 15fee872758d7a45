"""Figures of a bench run: percentiles, throughput, errors, ratios against vanilla Rasa, targets.

Pure functions over recorded samples, so that the statistics are tested without any server.
Percentiles interpolate linearly between the two nearest ranks (numpy's default, "type 7"), over
every message that got an answer; errors are counted apart, as their latency is a timeout's or a
refused connection's, not the bot's.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PERCENTILES = (50, 95, 99)

# Issue 13's targets, each a limit on a ratio to vanilla Rasa or an absolute figure.
MEDIAN_LATENCY_RATIO_MAX = 1.5
RASA_PEAK_RSS_MB_MAX = 1536.0
STARTUP_RATIO_MAX = 2.0
STARTUP_RATIO_GOAL = 1.2  # item 2, "start fast"


@dataclass(frozen=True)
class Sample:
    """One message: its conversation, when it was sent (epoch s), its latency and its outcome.

    `outcome` is "ok", "unexpected" (answered, but not as the conversation expects) or "error"
    (no HTTP 200, no JSON, an empty answer, or no connection).
    """

    scenario: str
    started: float
    latency_ms: float
    outcome: str
    error: str | None = None

    @property
    def finished(self) -> float:
        return self.started + self.latency_ms / 1000


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ratio(value: float | None, baseline: float | None, digits: int = 2) -> float | None:
    """value / baseline, rounded; None when either is missing or the baseline is zero."""
    if value is None or baseline is None or baseline == 0:
        return None
    return round(value / baseline, digits)


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def latency_figures(latencies: Sequence[float]) -> dict[str, float | None]:
    """p50/p95/p99, mean and maximum in milliseconds."""
    figures = {f"p{q}_ms": _rounded(percentile(latencies, q)) for q in PERCENTILES}
    figures["mean_ms"] = _rounded(sum(latencies) / len(latencies)) if latencies else None
    figures["max_ms"] = _rounded(max(latencies)) if latencies else None
    return figures


def summarize(samples: Iterable[Sample], window: tuple[float, float]) -> dict[str, Any]:
    """Figures of the messages that finished inside `window` (epoch seconds, start and end)."""
    start, end = window
    inside = [s for s in samples if start <= s.finished <= end]
    answered = [s for s in inside if s.outcome != "error"]
    errors = [s for s in inside if s.outcome == "error"]
    seconds = max(end - start, 1e-9)
    per_scenario: dict[str, dict[str, Any]] = {}
    for name in sorted({s.scenario for s in answered}):
        latencies = [s.latency_ms for s in answered if s.scenario == name]
        per_scenario[name] = {
            "messages": len(latencies),
            "p50_ms": _rounded(percentile(latencies, 50)),
            "p95_ms": _rounded(percentile(latencies, 95)),
        }
    latencies = [s.latency_ms for s in answered]
    return {
        "seconds": round(seconds, 2),
        "messages": len(answered),
        "errors": len(errors),
        "error_rate": round(len(errors) / len(inside), 4) if inside else 0.0,
        "unexpected": sum(1 for s in answered if s.outcome == "unexpected"),
        **latency_figures(latencies),
        "messages_per_s": round(len(answered) / seconds, 2),
        "error_kinds": dict(Counter(s.error for s in errors).most_common(5)),
        "unexpected_examples": sorted({s.error for s in answered if s.error})[:3],
        "per_scenario": per_scenario,
        "latencies_ms": [round(s.latency_ms, 1) for s in answered],
    }


def run_key(run: Mapping[str, Any]) -> tuple[int, float]:
    return int(run["users"]), float(run["think_s"])


def compare_runs(
    nrwbot: Sequence[Mapping[str, Any]], vanilla: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """NRWbot against vanilla Rasa for each load both were run at (NRWbot / vanilla)."""
    baseline = {run_key(run): run for run in vanilla}
    rows = []
    for run in nrwbot:
        other = baseline.get(run_key(run))
        if other is None:
            continue
        rows.append(
            {
                "users": run["users"],
                "think_s": run["think_s"],
                **{f"p{q}_ratio": ratio(run[f"p{q}_ms"], other[f"p{q}_ms"]) for q in PERCENTILES},
                "throughput_ratio": ratio(run["messages_per_s"], other["messages_per_s"]),
                "rasa_peak_rss_ratio": ratio(
                    (run.get("peak_rss_mb") or {}).get("rasa"),
                    (other.get("peak_rss_mb") or {}).get("rasa"),
                ),
            }
        )
    return rows


def _target(name: str, value: float | None, limit: float) -> dict[str, Any]:
    return {
        "target": name,
        "value": value,
        "limit": limit,
        "met": None if value is None else value <= limit,
    }


def check_targets(
    comparison: Sequence[Mapping[str, Any]],
    nrwbot_runs: Sequence[Mapping[str, Any]],
    startup_ratio: float | None,
) -> list[dict[str, Any]]:
    """Issue 13's targets as met / not met (None: not measured in this run)."""
    medians = [row["p50_ratio"] for row in comparison if row["p50_ratio"] is not None]
    peaks = [(run.get("peak_rss_mb") or {}).get("rasa") for run in nrwbot_runs]
    measured_peaks = [p for p in peaks if p is not None]
    return [
        _target(
            "median latency / vanilla, worst load",
            max(medians) if medians else None,
            MEDIAN_LATENCY_RATIO_MAX,
        ),
        _target(
            "Rasa server peak RSS, MB",
            max(measured_peaks) if measured_peaks else None,
            RASA_PEAK_RSS_MB_MAX,
        ),
        _target("start to first answer / vanilla", startup_ratio, STARTUP_RATIO_MAX),
        _target("start to first answer / vanilla (item 2)", startup_ratio, STARTUP_RATIO_GOAL),
    ]


def build_result(meta: Mapping[str, Any], bots: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The bench's JSON: `meta`, each bot's figures, NRWbot / vanilla ratios and the targets."""
    nrwbot, vanilla = bots.get("nrwbot", {}), bots.get("vanilla", {})
    comparison = compare_runs(nrwbot.get("runs", []), vanilla.get("runs", []))
    startup: dict[str, float | None] = {
        "nrwbot_s": (nrwbot.get("startup_s") or {}).get("first_answer"),
        "vanilla_s": (vanilla.get("startup_s") or {}).get("first_answer"),
    }
    startup["ratio"] = ratio(startup["nrwbot_s"], startup["vanilla_s"])
    return {
        **meta,
        "bots": dict(bots),
        "comparison": comparison,
        "startup_to_first_answer": startup,
        "targets": check_targets(comparison, nrwbot.get("runs", []), startup["ratio"]),
    }


def table(result: Mapping[str, Any]) -> str:
    """A plain-text table of every run, for the terminal."""
    lines = [
        f"{'bot':8} {'users':>5} {'think':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'msg/s':>6} "
        f"{'errors':>6} {'unexp':>5} {'rasa MB':>7} {'action MB':>9} {'rasa CPU ms/msg':>15}"
    ]
    for bot, data in result["bots"].items():
        for run in data["runs"]:
            rss = run.get("peak_rss_mb") or {}
            cpu = run.get("server_cpu_ms_per_message") or {}
            lines.append(
                f"{bot:8} {run['users']:5d} {run['think_s']:5g} {_cell(run['p50_ms'])} "
                f"{_cell(run['p95_ms'])} {_cell(run['p99_ms'])} {run['messages_per_s']:6.2f} "
                f"{run['errors']:6d} {run['unexpected']:5d} {_cell(rss.get('rasa'))} "
                f"{_cell(rss.get('action_server'), 9)} {_cell(cpu.get('rasa'), 15)}"
            )
    return "\n".join(lines)


def _cell(value: float | None, width: int = 7) -> str:
    return f"{value:{width}.0f}" if value is not None else f"{'-':>{width}}"


def write_json(result: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
