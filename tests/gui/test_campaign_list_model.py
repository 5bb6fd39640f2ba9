"""The Campaigns screen's model: a well-behaved Qt model that changes row by row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from brandtruth_desktop.core.models import Campaign, CampaignStatus, CampaignSummary
from brandtruth_desktop.ui.campaigns.model import (
    CampaignListModel,
    CampaignRole,
    Column,
    describe_when,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def summary(number: int, name: str, facts: int = 0, **campaign: object) -> CampaignSummary:
    return CampaignSummary(
        Campaign(id=number, name=name, updated_at=NOW, **campaign),  # type: ignore[arg-type]
        facts=facts, variants=facts * 2, approved=facts, last_activity=NOW,
    )


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = CampaignListModel()
    model.replace_all([summary(1, "Spring sale", 3), summary(2, "Autumn", 0)])
    qtmodeltester.check(model, force_py=True)


def test_rows_show_what_the_user_reads() -> None:
    model = CampaignListModel()
    model.replace_all([summary(7, "Spring sale", 3, status=CampaignStatus.IN_REVIEW,
                               source_url="https://brand.example")])
    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(0, column).data(role)
    assert cell(Column.NAME) == "Spring sale"
    assert cell(Column.STATUS) == "In review"
    assert (cell(Column.FACTS), cell(Column.VARIANTS), cell(Column.APPROVED)) == ("3", "6", "3")
    assert "https://brand.example" in str(cell(Column.NAME, Qt.ItemDataRole.ToolTipRole))
    assert cell(Column.NAME, CampaignRole.ID) == 7
    assert model.index(5, 0).data() is None  # out of range never raises


def test_changes_are_granular_never_a_reset(qtbot) -> None:
    model = CampaignListModel()
    model.replace_all([summary(1, "A"), summary(2, "B"), summary(3, "C")])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(top.row()))
    removed: list[int] = []
    model.rowsRemoved.connect(lambda parent, first, last: removed.append(first))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append(first))

    model.replace_all([summary(1, "A"), summary(3, "C renamed"), summary(4, "D")])

    assert resets == []
    assert removed == [1]          # B went away
    assert changed == [1]          # C (now row 1) changed
    assert inserted == [2]         # D was added at the end
    assert [s.campaign.name for s in model.summaries()] == ["A", "C renamed", "D"]


def test_last_activity_reads_like_a_person_would_say_it() -> None:
    assert describe_when(None) == "—"
    assert describe_when(NOW - timedelta(seconds=20), NOW) == "just now"
    assert describe_when(NOW - timedelta(minutes=5), NOW) == "5 min ago"
    assert describe_when(NOW - timedelta(days=40), NOW).endswith("2026")
