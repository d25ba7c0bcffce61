#!/usr/bin/python
"""Ansible module: settings applied to a mirror through ``kiosk config set --json``.

The kiosk checks, writes and reports; this module only turns the settings
into KEY VALUE pairs and the kiosk's JSON into Ansible's changed, diff and
failure. A refused value fails the host with the kiosk's own one line, and
the kiosk leaves the file untouched.
"""

from __future__ import annotations

import json

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: kiosk_config
short_description: Set Warm-up Mirror settings through kiosk config set
description:
  - Runs C(kiosk config set --json) (with C(--dry-run) in check mode) on the mirror.
  - Reports changed per key, a diff of the file's values, and which changed keys apply only at a restart.
options:
  settings:
    description: Sections of settings, as in the kiosk's config.toml (C({display: {mode: glass}})).
    type: dict
    required: true
  kiosk:
    description: The kiosk command on the mirror.
    type: str
    default: /usr/local/bin/kiosk
  sudo:
    description: What runs the kiosk as root (C([sudo, -n])), or C([]) when connected as root.
    type: list
    elements: str
    default: []
author: Warm-up Mirror
"""

EXAMPLES = r"""
- name: Glass mode
  kiosk_config:
    settings: {display: {mode: glass}}
    sudo: [sudo, -n]
"""

RETURN = r"""
keys:
  description: Per key, its value before (null when not in the file) and after, changed, when it applies.
  type: dict
  returned: success
restart:
  description: The changed keys that take effect only when the kiosk restarts.
  type: list
  returned: success
"""


def pairs(settings: dict) -> list[str]:
    """``{"display": {"mode": "glass"}}`` as ``["display.mode", '"glass"']``: each value as TOML/JSON text."""
    found = []
    for section, table in settings.items():
        if not isinstance(table, dict):
            raise ValueError(f"kiosk_config.{section} is not a section of keys (got {table!r})")
        for name, value in table.items():
            found += [f"{section}.{name}", json.dumps(value)]
    return found


def shown(keys: dict, which: str) -> str:
    """The changed keys' values before or after, a line each, as the diff shows them."""
    lines = []
    for key, report in keys.items():
        if report["changed"]:
            value = report[which]
            lines.append(f"{key} = {json.dumps(value)}" if value is not None else f"# {key}: not in the file")
    return "".join(f"{line}\n" for line in lines)


def main() -> None:
    """Run the kiosk's ``config set`` and report what it says."""
    module = AnsibleModule(
        argument_spec={
            "settings": {"type": "dict", "required": True},
            "kiosk": {"type": "str", "default": "/usr/local/bin/kiosk"},
            "sudo": {"type": "list", "elements": "str", "default": []},
        },
        supports_check_mode=True,
    )
    try:
        wanted = pairs(module.params["settings"])
    except ValueError as error:
        module.fail_json(msg=str(error))
    if not wanted:
        module.exit_json(changed=False, keys={}, restart=[])
    command = [*module.params["sudo"], module.params["kiosk"], "config", "set", "--json"]
    command += ["--dry-run"] if module.check_mode else []
    rc, out, err = module.run_command([*command, *wanted])
    if rc != 0:
        lines = [line for line in err.splitlines() if line.strip()] or [f"kiosk config set exited with {rc}"]
        module.fail_json(msg=lines[-1], rc=rc)
    try:
        report = json.loads(out)
    except ValueError:
        module.fail_json(msg=f"kiosk config set --json printed no JSON (an older kiosk?): {out[:200]!r}")
    result = {
        "changed": report["changed"],
        "keys": report["keys"],
        "restart": report["restart"],
        "messages": report["messages"],
        "file": report["file"],
    }
    if module._diff and report["changed"]:
        result["diff"] = {
            "before_header": report["file"],
            "after_header": report["file"],
            "before": shown(report["keys"], "before"),
            "after": shown(report["keys"], "after"),
        }
    module.exit_json(**result)


if __name__ == "__main__":
    main()
