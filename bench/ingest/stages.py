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


def table(stages: dict[str, dict[str, float | None]], cycle_cpu_s: float,
          workers_cpu_s: float = 0.0) -> list[str]:
    """A Markdown table of ``stages`` (from `since`) against the cycle's CPU time: the main
    process's plus its worker processes', since a stage's CPU may be counted in either."""
    if not stages:
        return ["(newsdesk reported no stage times: no `newsdesk_stage_seconds` samples.)"]
    total = cycle_cpu_s + workers_cpu_s
    lines = ["| stage | articles | total s | ms per article | CPU s | CPU ms per article"
             " | share of the cycle's CPU |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ordered(list(stages)):
        s = stages[name]
        count, wall, cpu = s["count"] or 0.0, s["wall_s"] or 0.0, s["cpu_s"]
        cells = [f"{count:.0f}", f"{wall:.1f}", f"{1000 * wall / count:.2f}" if count else "-"]
        cells += ["-", "-", "-"] if cpu is None else [
            f"{cpu:.2f}", f"{1000 * cpu / count:.2f}" if count else "-", _share(cpu, total)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    counted = [s["cpu_s"] for s in stages.values() if s["cpu_s"] is not None]
    if counted:
        rest = total - sum(counted)
        lines.append(f"| outside the stages | | | | {rest:.2f} | | {_share(rest, total)} |")
    lines.append(f"| the whole cycle (main process {cycle_cpu_s:.1f} s + workers"
                 f" {workers_cpu_s:.1f} s) | | | | {total:.2f} | | 100 % |")
    lines += ["", "\"articles\" counts passes through the stage (for fetch and parse, requests"
              " and feeds). Wall times (total s, ms per article) are summed over passes that"
              " overlap, since articles go through the stages concurrently; for a stage run in"
              " a worker process (extract) the wall time is observed in the main process"
              " around the awaited call and includes the wait in the pool's queue. CPU times"
              " are newsdesk's own (`newsdesk_stage_cpu_seconds`: a stage's CPU without the"
              " stages nested in it, counted in whichever process ran it); \"outside the"
              " stages\" is the rest of the cycle's CPU (event loop, HTTP, worker start-up)."]
    if not counted:
        lines.append("newsdesk reports no `newsdesk_stage_cpu_seconds`, so no CPU split.")
    return lines


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"
