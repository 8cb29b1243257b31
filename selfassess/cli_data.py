"""Operator commands for moving data in and out: export, import, backup (registered by cli.init_app)."""

COMMANDS: tuple = ()
