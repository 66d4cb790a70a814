"""Generated talent-demand reports → the plain records the book figures read (one per published report)."""
from ..figures.records import DemandReportRecord
from .reports import published_reports


def talent_report_records(consortium_id: int) -> list[DemandReportRecord]:
    """A generated report counts once, dated by its first published version (docs/supply.md)."""
    return [DemandReportRecord(rid, day, "talent_report") for rid, day in published_reports(consortium_id)]
