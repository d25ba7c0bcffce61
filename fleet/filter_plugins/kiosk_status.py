"""Filters for status.yml: each mirror's ``kiosk status --json`` as a row, and the rows as one table.

{{ groups['mirrors'] | kiosk_status_rows(hostvars) }}   # a list of dicts, one per mirror
{{ rows | kiosk_status_table }}                          # the table, a line per mirror
"""

from __future__ import annotations

import json

COLUMNS = ("mirror", "state", "version", "uptime", "fps", "frame age", "camera", "temp", "throttled")


def kiosk_status_rows(hosts, hostvars) -> list[dict]:
    """One row per mirror: its status, or ``unreachable`` / ``no status`` with the reason in one line."""
    rows = []
    for host in hosts:
        result = hostvars[host].get("kiosk_status") or {}
        row = {"mirror": host}
        if result.get("unreachable"):
            reason = (result.get("msg") or "").strip().splitlines()
            rows.append({**row, "state": "unreachable", "reason": reason[-1] if reason else ""})
            continue
        try:
            report = json.loads(result.get("stdout") or "")
        except ValueError:
            why = (result.get("stderr") or result.get("msg") or "no answer").strip().splitlines()
            rows.append({**row, "state": "no status", "reason": why[-1] if why else ""})
            continue
        row["state"] = "running" if report.get("running") else "stopped"
        for name in ("version", "uptime_s", "fps", "last_frame_age_s", "source", "screen"):
            row[name] = report.get(name)
        row["cpu_temperature_c"] = report.get("cpu_temperature_c")
        row["throttled"] = report.get("throttled")
        row["warnings"] = [w.get("message") for w in report.get("warnings") or []]
        row["warnings_unavailable"] = report.get("warnings_unavailable")
        rows.append(row)
    return rows


def kiosk_status_table(rows: list[dict]) -> str:
    """The rows as a fixed-width table, then each mirror's last warnings (or why there are none)."""
    lines = [[_cell(row, name) for name in COLUMNS] for row in rows]
    widths = [max(len(name), *(len(line[i]) for line in lines)) for i, name in enumerate(COLUMNS)]
    out = ["  ".join(name.ljust(w) for name, w in zip(COLUMNS, widths, strict=True)).rstrip()]
    out += ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    out.append("")
    for row in rows:
        if row.get("reason"):
            out.append(f"{row['mirror']}: {row['state']}: {row['reason']}")
        elif row.get("warnings"):
            out += [f"{row['mirror']}: warning: {message}" for message in row["warnings"]]
        elif row.get("warnings_unavailable"):
            out.append(f"{row['mirror']}: warnings: {row['warnings_unavailable']}")
        else:
            out.append(f"{row['mirror']}: no warnings")
    return "\n".join(out) + "\n"


def _cell(row: dict, name: str) -> str:
    value = {
        "uptime": row.get("uptime_s"),
        "frame age": row.get("last_frame_age_s"),
        "camera": row.get("source"),
        "temp": row.get("cpu_temperature_c"),
    }.get(name, row.get(name))
    if value is None:
        return "-"
    if name == "uptime":
        return _duration(value)
    if name == "frame age":
        return f"{value:.1f} s"
    if name == "temp":
        return f"{value:.0f} °C"
    if name == "throttled":
        return "never" if value == 0 else f"0x{value:x}"
    return str(value)


def _duration(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


class FilterModule:
    """Ansible's entry point for the filters in this file."""

    def filters(self):
        """The filters by name."""
        return {"kiosk_status_rows": kiosk_status_rows, "kiosk_status_table": kiosk_status_table}
