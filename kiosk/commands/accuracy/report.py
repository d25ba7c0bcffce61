"""The per-class table that ``python -m kiosk.commands.accuracy`` prints."""

from __future__ import annotations

from typing import Any

from kiosk.commands.accuracy.classes import MAGNITUDES

CRITERIA = (
    "exact counts on ≥ 95% of sets; ≥ 95% of knees caving 15° or more caught; "
    "≤ 1 false alarm per 100 good reps"
)
SHORT = {"exact_counts": "count", "caught_15_plus": "caught", "false_alarms": "alarms"}


def table(figures: dict[str, Any]) -> str:
    """The whole report as text: one row per class and judge, the pose engine's view, the overall line."""
    lines = [
        f"The coach against the synthetic athlete: {figures['sets_per_class']} sets per class, "
        f"seed {figures['seed']}, judges {', '.join(figures['paths'])}; {figures['seconds']:.0f} s",
        "",
    ]
    magnitudes = "".join(f"{f'{m}°':>6}" for m in MAGNITUDES)
    header = (
        f"{'class':<25}{'path':<8}{'exact':>6}{magnitudes}{'≥15° caught':>15}{'10–14°':>8}"
        f"{'false alarms':>20}"
        f"{'shallow':>9}{'full→sh':>9}{'>25° unj':>9}  meets"
    )
    lines += [header, "-" * len(header)]
    for name, entry in figures["classes"].items():
        for path, row in entry["paths"].items():
            lines.append(_row(name, path, row))
    lines.append("-" * len(header))
    for path, row in figures["overall"].items():
        lines.append(_row("overall", path, row))
    lines += turn_out_table(figures["overall"])
    lines += ["", "Pose engine (rendered classes: the real model; track classes: the perturbed truth):"]
    for name, entry in figures["classes"].items():
        row = next(iter(entry["paths"].values()))
        seen = "—" if row["legs_seen_share"] is None else f"{row['legs_seen_share']:.1%}"
        error = "—" if row["leg_error_median"] is None else f"{row['leg_error_median']:.2%}"
        lines.append(
            f"  {name:<25} all six leg points seen on {seen:>6} of frames; median error {error} of height"
        )
    lines += ["", f"Done when every class meets all three: {CRITERIA}."]
    for path in figures["paths"]:
        meeting = [
            name for name, entry in figures["classes"].items() if all(entry["paths"][path]["meets"].values())
        ]
        lines.append(
            f"  {path}: {len(meeting)}/{len(figures['classes'])} classes meet them"
            + (f" ({', '.join(meeting)})" if meeting else "")
        )
    lines += ["", "Classes:"]
    lines += [f"  {name:<25} {entry['description']}" for name, entry in figures["classes"].items()]
    return "\n".join(lines) + "\n"


def turn_out_table(overall: dict[str, dict[str, Any]]) -> list[str]:
    """All classes' caves and alarms by the feet's turn-out, and caves by how far they cave past it.

    MoveNet has no toe points: a knee caving c° from its toes over feet turned
    out t° swings only c − t° in from straight ahead, all the picture shows.
    """
    if not any(row.get("by_turn_out") for row in overall.values()):
        return []
    lines = [
        "",
        "Overall by the feet's turn-out (no toe points: a knee caving c° over feet out t° shows c − t°):",
        f"{'path':<8}{'feet out':<10}{'≥15° caught':>15}{'10–14°':>8}{'false alarms':>20}",
    ]
    for path, row in overall.items():
        for label, band in row["by_turn_out"].items():
            share = band["caught_15_plus_share"]
            caught = f"{band['caught_15_plus']} {'' if share is None else f'{share:.0%}'}"
            good = band["good_reps"]
            per_100 = f"{100 * band['false_alarms'] / good:.1f}" if good else "—"
            alarms = f"{per_100} ({band['false_alarms']}/{good} good)"
            lines.append(f"{path:<8}{label:<10}{caught:>15}{band['caught_10_to_14']:>8}{alarms:>20}")
    lines += ["", "Overall, caves of 10° or more by how far the cave passes the feet's turn-out (c − t):"]
    for path, row in overall.items():
        cells = [
            f"{label}: {entry['caught']}" + ("" if entry["share"] is None else f" {entry['share']:.0%}")
            for label, entry in row["by_cave_past_turn_out"].items()
        ]
        lines.append(f"{path:<8}" + "   ".join(cells))
    return lines


def _row(name: str, path: str, row: dict[str, Any]) -> str:
    by_degree = "".join(f"{row['knee_in_caught_by_degrees'].get(str(m), '0/0'):>6}" for m in MAGNITUDES)
    share = row["caught_15_plus_share"]
    caught = f"{row['caught_15_plus']} {'' if share is None else f'{share:.0%}'}"
    per_100 = row["false_alarms_per_100_good_reps"]
    alarms = f"{row['false_alarms']}/{row['good_reps']} good"
    alarms = f"{'—' if per_100 is None else f'{per_100:.1f}'} ({alarms})"
    unjudged = row["beyond_25_deg_unjudged_share"]
    unjudged = "—" if unjudged is None else f"{unjudged:.0%}"
    failing = [SHORT[k] for k, ok in row["meets"].items() if not ok]
    meets = "yes" if not failing else "no: " + ", ".join(failing)
    return (
        f"{name:<25}{path:<8}{row['exact_sets']:>6}{by_degree}{caught:>15}{row['caught_10_to_14']:>8}{alarms:>20}"
        f"{row['shallow_flagged']:>9}{row['full_reps_flagged_shallow']:>9}{unjudged:>9}  {meets}"
    )
