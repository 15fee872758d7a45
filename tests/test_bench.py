"""`nrwbot bench` without servers: the conversation mix, the statistics and the report.

The driver (locust, which patches the standard library for gevent) is never imported here; the
one test that drives a bot runs `nrwbot bench` in a process of its own.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from nrwbot.bench.report import (
    Sample,
    build_result,
    check_targets,
    compare_runs,
    percentile,
    ratio,
    summarize,
    table,
)
from nrwbot.bench.scenarios import (
    Conversation,
    Mix,
    Turn,
    bench_files,
    build_mix,
    load_conversations,
    nrwbot_mix,
)
from nrwbot.bench.vanilla import VANILLA_MIX
from nrwbot.errors import NRWbotError
from tests.factories import ROOT


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- scenarios ------------------------------------------------------------------------------


def test_the_nrwbot_mix_covers_core_and_every_enabled_expert() -> None:
    mix = nrwbot_mix()
    names = {c.name for c in mix.conversations}
    assert {n.split("_")[0] for n in names} >= {"core", "hundesteuer", "fundbuero", "ausweis"}
    assert sum(mix.shares().values()) == pytest.approx(1, abs=1e-3)
    # A complete form each: the dog registration ends in a file number, the found item too.
    registration = next(c for c in mix.conversations if c.name == "hundesteuer_anmeldung")
    assert registration.turns[-1].expect == "HST-" and len(registration.turns) >= 10
    assert any(c.turns[-1].expect == "F-" for c in mix.conversations)


def test_a_status_check_draws_a_demo_application_and_writes_its_birth_date_in_german() -> None:
    mix = nrwbot_mix()
    check = next(c for c in mix.conversations if c.records)
    demo = json.loads((ROOT / "backend" / "demo" / "ausweisantraege.json").read_text())
    applications = {a["antragsnummer"]: a["geburtsdatum"] for a in demo["ausweisantraege"]}
    for seed in range(5):
        turns = check.play(random.Random(seed))
        number, birthday = turns[1].text, turns[2].text
        assert number in applications
        assert birthday == date.fromisoformat(applications[number]).strftime("%d.%m.%Y")


def test_every_expert_with_conversations_keeps_them_in_its_own_folder() -> None:
    files = bench_files(ROOT, sorted((ROOT / "domains").glob("*/")))
    assert files[0] == ROOT / "bot" / "tests" / "bench.yml"
    assert {f.parent.parent.name for f in files[1:]} == {
        "hundesteuer",
        "fundbuero",
        "ausweisstatus",
    }


def test_mix_draws_by_weight() -> None:
    mix = Mix((Conversation("a", 3, (Turn("x"),)), Conversation("b", 1, (Turn("y"), Turn("z")))))
    rng = random.Random(1)
    drawn = [mix.choose(rng).name for _ in range(4000)]
    assert drawn.count("a") / len(drawn) == pytest.approx(0.75, abs=0.03)
    assert mix.shares() == {"a": 0.75, "b": 0.25}
    assert mix.messages_per_play() == pytest.approx(1.25)


def test_expect_is_a_case_insensitive_search() -> None:
    turn = Turn("ja, absenden", "hst-")
    assert turn.answered_as_expected("Ihr Aktenzeichen: HST-2026-0001")
    assert not turn.answered_as_expected("Bitte bestätigen Sie.")
    assert Turn("Hallo").answered_as_expected("")


def test_vanilla_mix_follows_the_init_bot() -> None:
    assert {c.name for c in VANILLA_MIX.conversations} == {
        "happy",
        "sad_helped",
        "sad_not_helped",
        "bot_challenge",
    }
    assert all(c.tenant is None and not c.records for c in VANILLA_MIX.conversations)


def test_a_file_with_plain_and_expected_turns_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bot" / "tests" / "bench.yml",
        "conversations:\n  - name: hi\n    weight: 2\n    tenant: soest\n    turns:\n"
        "      - Hallo\n      - {say: tschüss, expect: Wiedersehen}\n",
    )
    [conversation] = load_conversations(path, tmp_path)
    assert conversation == Conversation(
        "hi", 2.0, (Turn("Hallo"), Turn("tschüss", "Wiedersehen")), "soest"
    )
    assert conversation.metadata == {"tenant": "soest"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("conversations: {}", "needs a list 'conversations'"),
        ("conversations:\n  - turns: [Hallo]", "needs a name"),
        ("conversations:\n  - {name: a, weight: 0, turns: [x]}", "weight must be a positive"),
        ("conversations:\n  - {name: a, turns: []}", "at least one turn"),
        ("conversations:\n  - {name: a, turns: [{say: x, expect: '('}]}", "not a regular"),
        ("conversations:\n  - {name: a, turns: [3]}", "a turn is a message"),
        (
            "conversations:\n  - name: a\n    records: {file: r.json, key: rows}\n"
            "    turns: ['{missing}']",
            "placeholder {missing} is not a field",
        ),
    ],
)
def test_an_invalid_file_fails_naming_file_and_conversation(
    tmp_path: Path, body: str, message: str
) -> None:
    _write(tmp_path / "r.json", json.dumps({"rows": [{"nummer": "A1"}]}))
    path = _write(tmp_path / "domains" / "x" / "tests" / "bench.yml", body)
    with pytest.raises(NRWbotError, match=message) as raised:
        load_conversations(path, tmp_path)
    assert "domains/x/tests/bench.yml" in str(raised.value)


def test_a_tenant_that_does_not_offer_the_expert_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "domains" / "muell" / "tests" / "bench.yml",
        "conversations:\n  - {name: a, turns: [x]}\n  - {name: b, tenant: t2, turns: [y]}\n",
    )
    assert (
        len(build_mix([path], tmp_path, {"t1": ["muell"], "t2": ["muell"]}, "t1").conversations)
        == 2
    )
    with pytest.raises(NRWbotError, match="tenant 't2' does not enable expert 'muell'"):
        build_mix([path], tmp_path, {"t1": ["muell"], "t2": []}, "t1")
    with pytest.raises(NRWbotError, match="tenant 't1' does not enable"):
        build_mix([path], tmp_path, {"t1": [], "t2": ["muell"]}, "t1")
    with pytest.raises(NRWbotError, match="unknown tenant 't2'"):
        build_mix([path], tmp_path, {"t1": ["muell"]}, "t1")


def test_a_conversation_name_used_twice_is_refused(tmp_path: Path) -> None:
    one = _write(tmp_path / "a" / "bench.yml", "conversations:\n  - {name: a, turns: [x]}\n")
    two = _write(tmp_path / "b" / "bench.yml", "conversations:\n  - {name: a, turns: [y]}\n")
    with pytest.raises(NRWbotError, match="named twice: a"):
        build_mix([one, two], tmp_path)


def test_scenarios_and_statistics_do_not_import_locust() -> None:
    """locust patches the standard library for gevent; only the driver may import it."""
    code = (
        "import sys, nrwbot.bench.scenarios, nrwbot.bench.report, nrwbot.bench.plot, "
        "nrwbot.bench.vanilla, nrwbot.bench.stack; assert 'gevent' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    faults = "import sys, nrwbot.bench.faults; assert 'locust' not in sys.modules"
    subprocess.run([sys.executable, "-c", faults], cwd=ROOT, check=True, timeout=60)


# --- statistics -----------------------------------------------------------------------------


def test_percentile_interpolates_like_numpy() -> None:
    numpy = pytest.importorskip("numpy")
    values = [float(v) for v in random.Random(3).sample(range(1, 2000), 137)]
    for q in (0, 1, 50, 95, 99, 100):
        assert percentile(values, q) == pytest.approx(float(numpy.percentile(values, q)))
    assert percentile([], 50) is None
    assert percentile([7.0], 99) == 7.0
    assert percentile([10.0, 20.0], 50) == 15.0


def test_ratio_is_none_without_a_baseline() -> None:
    assert ratio(122, 61) == 2.0
    assert ratio(1, 3) == 0.33
    assert ratio(None, 3) is None and ratio(3, None) is None and ratio(3, 0) is None


def _samples() -> list[Sample]:
    # 100 answered messages 10..1000 ms finishing inside the window, 2 errors, 1 unexpected,
    # and one message that finished after the window ends.
    samples = [Sample("faq", 1000 + i * 0.05, 10.0 * i, "ok") for i in range(1, 100)]
    samples.append(Sample("form", 1001.0, 500.0, "unexpected", "'ja' → 'Wie bitte?'"))
    samples += [Sample("form", 1002.0, 3.0, "error", "HTTP 500")] * 2
    samples.append(Sample("faq", 1009.5, 900.0, "ok"))  # finishes at 1010.4, outside
    return samples


def test_summary_of_a_window() -> None:
    summary = summarize(_samples(), (1000.0, 1010.0))
    assert summary["messages"] == 100 and summary["errors"] == 2 and summary["unexpected"] == 1
    assert summary["messages_per_s"] == 10.0
    assert summary["error_rate"] == round(2 / 102, 4)
    latencies = [10.0 * i for i in range(1, 100)] + [500.0]
    assert summary["p50_ms"] == round(percentile(latencies, 50), 1)
    assert summary["p99_ms"] == round(percentile(latencies, 99), 1)
    assert summary["max_ms"] == 990.0
    assert summary["error_kinds"] == {"HTTP 500": 2}
    assert summary["per_scenario"]["form"] == {"messages": 1, "p50_ms": 500.0, "p95_ms": 500.0}
    assert len(summary["latencies_ms"]) == 100


def test_summary_of_nothing_is_empty_not_an_error() -> None:
    summary = summarize([], (0.0, 10.0))
    assert summary["messages"] == 0 and summary["p50_ms"] is None and summary["error_rate"] == 0


def _run(users: int, p50: float, rate: float, rss: float | None, think: float = 0.0) -> dict:
    return {
        "users": users,
        "think_s": think,
        "p50_ms": p50,
        "p95_ms": p50 * 2,
        "p99_ms": p50 * 3,
        "messages_per_s": rate,
        "errors": 0,
        "unexpected": 0,
        "peak_rss_mb": {"rasa": rss, "action_server": 70.0},
    }


def test_comparison_pairs_runs_by_load() -> None:
    nrwbot = [_run(1, 122, 8.5, 1500), _run(10, 966, 8.5, 1500), _run(5, 300, 9, 1500, think=2)]
    vanilla = [_run(1, 61, 15.7, 1100), _run(10, 556, 15.7, 1100)]
    rows = compare_runs(nrwbot, vanilla)
    assert [(r["users"], r["think_s"]) for r in rows] == [(1, 0.0), (10, 0.0)]
    assert rows[0]["p50_ratio"] == 2.0 and rows[0]["p95_ratio"] == 2.0
    assert rows[1]["p50_ratio"] == 1.74 and rows[1]["throughput_ratio"] == 0.54
    assert rows[0]["rasa_peak_rss_ratio"] == 1.36


def test_targets_take_the_worst_median_ratio_and_the_highest_memory() -> None:
    comparison = [{"p50_ratio": 1.2}, {"p50_ratio": 1.6}]
    targets = {
        t["target"]: t
        for t in check_targets(comparison, [_run(1, 1, 1, 1400), _run(5, 1, 1, 1600)], 1.1)
    }
    assert targets["median latency / vanilla, worst load"]["value"] == 1.6
    assert targets["median latency / vanilla, worst load"]["met"] is False
    assert targets["Rasa server peak RSS, MB"] == {
        "target": "Rasa server peak RSS, MB",
        "value": 1600,
        "limit": 1536.0,
        "met": False,
    }
    assert targets["start to first answer / vanilla (item 2)"]["met"] is True
    unmeasured = check_targets([], [], None)
    assert all(t["value"] is None and t["met"] is None for t in unmeasured)


def test_result_holds_ratios_startup_and_a_readable_table(tmp_path: Path) -> None:
    bots = {
        "nrwbot": {"startup_s": {"first_answer": 100.0}, "runs": [_run(1, 122, 8.5, 1500)]},
        "vanilla": {"startup_s": {"first_answer": 70.0}, "runs": [_run(1, 61, 15.7, None)]},
    }
    result = build_result({"title": "t"}, bots)
    assert result["startup_to_first_answer"] == {
        "nrwbot_s": 100.0,
        "vanilla_s": 70.0,
        "ratio": 1.43,
    }
    assert result["comparison"][0]["rasa_peak_rss_ratio"] is None
    lines = table(result).splitlines()
    assert lines[0].split()[:4] == ["bot", "users", "think", "p50"]
    assert lines[1].split()[:7] == ["nrwbot", "1", "0", "122", "244", "366", "8.50"]
    assert lines[2].split()[-3:] == ["-", "70", "-"]  # no memory figure for vanilla's Rasa


def test_plot_writes_a_png(tmp_path: Path) -> None:
    from nrwbot.bench.plot import plot

    runs = [
        {**_run(u, 100.0 * u, 5.0 + u, 1500), "latencies_ms": [50.0 * u, 100.0 * u, 300.0 * u]}
        for u in (1, 5)
    ]
    result = {"title": "t", "bots": {"nrwbot": {"runs": runs}, "vanilla": {"runs": runs[:1]}}}
    plot(result, tmp_path / "bench.png")
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- against a running stack ----------------------------------------------------------------


@pytest.mark.integration
def test_a_short_bench_against_an_already_running_stack(tmp_path: Path) -> None:
    """Only where a stack is up already (NRWBOT_BENCH_URL): starting one costs minutes."""
    url = os.environ.get("NRWBOT_BENCH_URL")
    if not url:
        pytest.skip("set NRWBOT_BENCH_URL to a running NRWbot to run a 10-second bench against it")
    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        "-m",
        "nrwbot.cli",
        "bench",
        "--url",
        url,
        "--no-baseline",
        "--concurrency",
        "2",
        "--think",
        "0",
        "--duration",
        "8",
        "--warmup",
        "2",
        "--out",
        str(out),
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    result = json.loads(out.read_text())
    [run] = result["bots"]["nrwbot"]["runs"]
    assert run["messages"] > 0 and run["errors"] == 0
    assert out.with_suffix(".png").exists()
