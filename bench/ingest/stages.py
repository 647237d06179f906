"""Where a poll cycle's time went, stage by stage, from newsdesk's own Prometheus metrics.

newsdesk times each pass through a stage into the histogram ``newsdesk_stage_seconds``
(label ``stage``): wall time, observed in the main process around the (possibly awaited)
call, so a stage run in a worker process counts its queue wait too. It may also count CPU
seconds per stage in ``newsdesk_stage_cpu_seconds`` (a counter, or a histogram or summary:
its total is used). `snapshot` reads whatever stages both report from the process's default
registry, `since` subtracts an earlier snapshot, and `table` prints the difference. Nothing
here lists the stages: every label found is shown, in pipeline order where it is known.
"""

from __future__ import annotations

from dataclasses import dataclass

WALL = "newsdesk_stage_seconds"
CPU = "newsdesk_stage_cpu_seconds"
PIPELINE_ORDER = ("fetch", "parse", "extract", "repair", "learn", "sign", "assign", "group",
                  "store", "index")


@dataclass(slots=True)
class Stage:
    """One stage's totals: passes counted, wall seconds, CPU seconds (None: not reported)."""

    count: float = 0.0
    wall_s: float = 0.0
    cpu_s: float | None = None


def snapshot() -> dict[str, Stage]:
    """Every stage's totals so far in this process (nothing if newsdesk is not imported)."""
    from prometheus_client import REGISTRY

    stages: dict[str, Stage] = {}
    for family in REGISTRY.collect():
        if family.name not in (WALL, CPU):
            continue
        for sample in family.samples:
            name = sample.labels.get("stage")
            if name is None:
                continue
            stage = stages.setdefault(name, Stage())
            if family.name == WALL:
                if sample.name == f"{WALL}_sum":
                    stage.wall_s = sample.value
                elif sample.name == f"{WALL}_count":
                    stage.count = sample.value
            elif sample.name in (CPU, f"{CPU}_total", f"{CPU}_sum"):
                stage.cpu_s = sample.value
    return stages


def since(before: dict[str, Stage], after: dict[str, Stage]) -> dict[str, dict[str, float | None]]:
    """What each stage added between two snapshots, as plain dicts (they cross processes)."""
    added: dict[str, dict[str, float | None]] = {}
    for name, now in after.items():
        then = before.get(name, Stage())
        cpu = None if now.cpu_s is None else now.cpu_s - (then.cpu_s or 0.0)
        if now.count - then.count or now.wall_s - then.wall_s or cpu:
            added[name] = {"count": now.count - then.count, "wall_s": now.wall_s - then.wall_s,
                           "cpu_s": cpu}
    return added


def ordered(names: list[str]) -> list[str]:
    """Stage names in pipeline order where known, any others after them by name."""
    rank = {name: n for n, name in enumerate(PIPELINE_ORDER)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def table(stages: dict[str, dict[str, float | None]], cycle_cpu_s: float) -> list[str]:
    """A Markdown table of ``stages`` (from `since`) against the cycle's CPU time."""
    if not stages:
        return ["(newsdesk reported no stage times: no `newsdesk_stage_seconds` samples.)"]
    has_cpu = any(s["cpu_s"] is not None for s in stages.values())
    lines = ["| stage | articles | total s | ms per article | CPU s | CPU ms per article"
             " | share of the cycle's CPU |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ordered(list(stages)):
        s = stages[name]
        count, wall, cpu = s["count"] or 0.0, s["wall_s"] or 0.0, s["cpu_s"]
        per = f"{1000 * wall / count:.2f}" if count else "-"
        cpu_cells = ("-", "-", "-") if cpu is None else (
            f"{cpu:.2f}", f"{1000 * cpu / count:.2f}" if count else "-",
            f"{100 * cpu / cycle_cpu_s:.0f} %" if cycle_cpu_s else "-")
        lines.append(f"| {name} | {count:.0f} | {wall:.1f} | {per} | " + " | ".join(cpu_cells)
                     + " |")
    lines.append(f"| the whole cycle (main process) | | | | {cycle_cpu_s:.1f} | | 100 % |")
    lines += ["", "\"articles\" counts passes through the stage (for a fetch or parse stage,"
              " requests or feeds); total s is wall time summed over passes, which overlap"
              " (articles go through stages concurrently), and includes the queue wait of a"
              " stage run in a worker process."]
    if not has_cpu:
        lines.append("newsdesk reports no `newsdesk_stage_cpu_seconds`, so no CPU split.")
    return lines
