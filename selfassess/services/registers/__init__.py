"""The registers kept through the year (docs/registers.md): one module per register, plus

    records   listing (paginated), adding, changing and removing entries, with tenancy, roles and audit
    fill      the data-return figures the registers produce, with provenance, and overrides with reasons
    checks    consistency facts between registers and answers for the sign-off checks
    csv_io    CSV export and import with a column-mapping step (all rows or none)
    purge     deleting concerns past the retention period, keeping their counts
    dashboard the year at a glance
"""

from . import concerns, events, evidence, incidents, training

MODULES = {m.REGISTER.key: m for m in (events, concerns, training, incidents, evidence)}
YEAR_REGISTERS = ("events", "concerns", "training", "incidents")


def module(key: str):
    from ..errors import NotFound

    try:
        return MODULES[key]
    except KeyError:
        raise NotFound("Page not found") from None
