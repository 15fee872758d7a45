"""The bench's PNG: latency distribution, percentiles and throughput against concurrency."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

COLOURS = {"nrwbot": "#1f6f8b", "vanilla": "#e07a1f"}
LABELS = {"nrwbot": "NRWbot", "vanilla": "vanilla Rasa (rasa init)"}


def _series(runs: Sequence[Mapping[str, Any]], think: float) -> list[Mapping[str, Any]]:
    return sorted((r for r in runs if r["think_s"] == think), key=lambda r: r["users"])


def _distribution(axis: Any, bots: Mapping[str, Any], levels: list[int]) -> None:
    from matplotlib.patches import Patch

    width = 0.8 / max(len(bots), 1)
    for index, (bot, data) in enumerate(bots.items()):
        colour = COLOURS.get(bot, "grey")
        shift = (index - (len(bots) - 1) / 2) * width
        runs = [r for r in _series(data["runs"], 0.0) if r["latencies_ms"]]
        positions = [levels.index(r["users"]) + shift for r in runs]
        if not runs:
            continue
        boxes = axis.boxplot(
            [r["latencies_ms"] for r in runs],
            positions=positions,
            widths=width * 0.9,
            whis=(5, 95),
            showfliers=False,
            patch_artist=True,
            medianprops={"color": "black"},
        )
        for box in boxes["boxes"]:
            box.set(facecolor=colour, alpha=0.6)
        axis.scatter(positions, [r["p99_ms"] for r in runs], marker="_", s=200, color=colour)
    axis.set_xticks(range(len(levels)), [str(level) for level in levels])
    axis.set(
        title="Latency per message, no think time\n(box 25–75 %, whiskers 5–95 %, bar p99)",
        xlabel="concurrent citizens",
        ylabel="ms",
        yscale="log",
    )
    axis.legend(
        handles=[Patch(color=COLOURS.get(b, "grey"), label=LABELS.get(b, b)) for b in bots],
        fontsize=7,
    )
    axis.grid(alpha=0.3, axis="y")


def _percentiles(axis: Any, bots: Mapping[str, Any], levels: list[int]) -> None:
    for bot, data in bots.items():
        runs = _series(data["runs"], 0.0)
        for q, marker in ((50, "o"), (95, "s"), (99, "^")):
            axis.plot(
                [r["users"] for r in runs],
                [r[f"p{q}_ms"] for r in runs],
                marker=marker,
                color=COLOURS.get(bot, "grey"),
                label=f"{LABELS.get(bot, bot)} p{q}",
            )
    axis.set(
        title="p50 / p95 / p99, no think time",
        xlabel="concurrent citizens",
        ylabel="ms",
        yscale="log",
        xticks=levels,
    )
    axis.legend(fontsize=7)
    axis.grid(alpha=0.3)


def _throughput(axis: Any, bots: Mapping[str, Any], levels: list[int]) -> None:
    for bot, data in bots.items():
        for think in sorted({r["think_s"] for r in data["runs"]}):
            runs = _series(data["runs"], think)
            axis.plot(
                [r["users"] for r in runs],
                [r["messages_per_s"] for r in runs],
                "-" if think == 0 else "--",
                marker="o",
                color=COLOURS.get(bot, "grey"),
                label=LABELS.get(bot, bot) + ("" if think == 0 else f", think {think:g} s"),
            )
    axis.set(title="Throughput", xlabel="concurrent citizens", ylabel="messages / s", xticks=levels)
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=7)
    axis.grid(alpha=0.3)


def plot(result: Mapping[str, Any], path: Path) -> None:
    """Writes the three panels; runs with think time appear (dashed) in the throughput panel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib 3.5 on a newer pyparsing: deprecation noise
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        bots = result["bots"]
        levels = sorted({run["users"] for data in bots.values() for run in data["runs"]})
        fig, axes = plt.subplots(1, 3, figsize=(16, 5.2))
        _distribution(axes[0], bots, levels)
        _percentiles(axes[1], bots, levels)
        _throughput(axes[2], bots, levels)
        fig.suptitle(result.get("title", "nrwbot bench"), fontsize=10)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
        plt.close(fig)
