"""The dry run, shown: what will be created in Meta, with which settings, and every problem.

`PlanView` takes a `CheckReport` (the plan, its problems, and whether it continues or repeats
a publish). Each object is a row with a one-line summary of its settings; unfold it for the
exact parameters Meta will receive. Errors are listed first and block publishing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.publish import (
    BudgetLevel,
    ObjectKind,
    PlannedRequest,
    PlanProblem,
    PublishPlan,
    PublishSettings,
    Severity,
    format_money,
)
from brandtruth_desktop.core.publish.plan import describe_params
from brandtruth_desktop.ui.publish.jobs import CheckReport
from brandtruth_desktop.ui.publish.variants import cta_label
from brandtruth_desktop.ui.theme import Colors

EMPTY = ("Press “Check (dry run)” to see exactly what will be created in Meta, with which "
         "settings, and anything Meta would refuse. Nothing is sent.")


def banner(object_name: str = "Banner") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


class PlanView(QWidget):
    """The dry run's result (see module docstring)."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors = colors
        self.report: CheckReport | None = None
        self.summary = QLabel(EMPTY)
        self.summary.setObjectName("PlanSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.stale = banner()
        self.stale.setText("You changed the settings after this check. Check again before "
                           "publishing.")
        self.resume_note = banner()
        self.resume_note.setObjectName("ResumeNote")
        self.again_note = banner()
        self.problems = QListWidget()
        self.problems.setObjectName("PlanProblems")
        self.problems.setAccessibleName("Problems found by the dry run")
        self.problems.setWordWrap(True)
        self.problems.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems.setVisible(False)
        self.tree = QTreeWidget()
        self.tree.setObjectName("PlanObjects")
        self.tree.setAccessibleName("What will be created")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["What will be created (in this order)", "Settings"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 330)
        self.tree.setVisible(False)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setProperty("muted", True)
        self.notes.setVisible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(8)
        for widget in (self.summary, self.stale, self.resume_note, self.again_note,
                       self.problems):
            column.addWidget(widget)
        column.addWidget(self.tree, 1)
        column.addWidget(self.notes)
        self._empty_space = QFrame()
        column.addWidget(self._empty_space, 1)

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        if self.report is not None:
            self.show_report(self.report, self._names)

    # -- showing -----------------------------------------------------------------------------
    def clear(self) -> None:
        self.report = None
        self.summary.setText(EMPTY)
        for widget in (self.stale, self.resume_note, self.again_note, self.problems,
                       self.tree, self.notes):
            widget.setVisible(False)
        self._empty_space.setVisible(True)

    def mark_stale(self, stale: bool) -> None:
        self.stale.setVisible(stale and self.report is not None)

    def show_report(self, report: CheckReport, names: Mapping[str, str] | None = None) -> None:
        """Show a dry run; `names` gives the account's and Page's names by id."""
        self.report = report
        self._names = dict(names or {})
        plan = report.plan
        self._empty_space.setVisible(False)
        self.stale.setVisible(False)
        self.summary.setText(self._summary(report))
        self.resume_note.setText(report.resumption.describe() if report.resumption else "")
        self.resume_note.setVisible(report.resumption is not None)
        before = report.published_before
        if before is not None and report.resumption is None:
            when = before.finished_at or before.updated_at
            stamp = f" on {when.astimezone():%d %B %Y}" if when else ""
            self.again_note.setText(
                f"This campaign was already published to this ad account{stamp}. Publishing "
                "again creates a second, separate copy in Meta.")
            self.again_note.setVisible(True)
        else:
            self.again_note.setVisible(False)
        self._show_problems(report)
        self._show_tree(plan)
        self.notes.setText("\n".join(f"• {note}" for note in plan.notes))
        self.notes.setVisible(bool(plan.notes))

    def _summary(self, report: CheckReport) -> str:
        plan = report.plan
        counts = {kind: len(plan.of_kind(kind)) for kind in ObjectKind}
        parts = [f"{counts[ObjectKind.CAMPAIGN]} campaign", f"{counts[ObjectKind.AD_SET]} ad set"]
        for kind, word in ((ObjectKind.IMAGE, "image"), (ObjectKind.CREATIVE, "creative"),
                           (ObjectKind.AD, "ad")):
            parts.append(f"{counts[kind]} {word}{'s' if counts[kind] != 1 else ''}")
        settings = plan.settings
        account = self._names.get(settings.ad_account_id, settings.ad_account_id) or "?"
        page = self._names.get(settings.page_id, settings.page_id) or "?"
        errors = len(report.errors)
        warnings = len(report.problems) - errors
        if errors:
            verdict = (f"<b style='color:{self._colors.danger}'>Not ready: {errors} "
                       f"problem{'s' if errors != 1 else ''} must be fixed first.</b>")
        else:
            verdict = "<b>Ready to publish.</b>"
            if warnings:
                verdict += (f" {warnings} warning{'s' if warnings != 1 else ''} to look at "
                            "(they do not block).")
        return (f"{verdict}<br>{', '.join(parts)} in <b>{_escape(account)}</b> as the Page "
                f"<b>{_escape(page)}</b>, everything <b>PAUSED</b>; then "
                f"{plan.preview_count} preview{'s' if plan.preview_count != 1 else ''}.")

    def _show_problems(self, report: CheckReport) -> None:
        self.problems.clear()
        # The same problem on six ads is one line ("6 ads: …"), not six.
        grouped: dict[tuple[Severity, str, str], list[PlanProblem]] = {}
        for problem in report.problems:
            grouped.setdefault((problem.severity, problem.code, problem.message), []
                               ).append(problem)
        for (severity, code, message), same in grouped.items():
            error = severity is Severity.ERROR
            mark = "✗  Must fix" if error else "!  Warning"
            times = f" ({len(same)} objects)" if len(same) > 1 else ""
            item = QListWidgetItem(f"{mark}{times}: {message}")
            item.setForeground(QBrush(QColor(self._colors.danger if error
                                             else self._colors.warning_text)))
            item.setData(Qt.ItemDataRole.UserRole, code)
            keys = ", ".join(p.key for p in same if p.key)
            item.setToolTip(f"{message}\n\n{code}" + (f" · {keys}" if keys else ""))
            self.problems.addItem(item)
        if not report.problems:
            self.problems.addItem(QListWidgetItem("✓  No problems found."))
        self.problems.setVisible(True)
        rows = min(self.problems.count(), 6)
        height = sum(self.problems.sizeHintForRow(n) for n in range(rows))
        self.problems.setFixedHeight(height + 2 * self.problems.frameWidth() + 8)

    def _show_tree(self, plan: PublishPlan) -> None:
        self.tree.clear()
        for number, request in enumerate(plan.requests, 1):
            item = QTreeWidgetItem([f"{number}. {object_label(plan, request)}",
                                    _settings_line(plan, request)])
            item.setToolTip(0, request.name)
            item.setToolTip(1, _settings_line(plan, request))
            item.setData(0, Qt.ItemDataRole.UserRole, request.key)
            for line in _param_lines(describe_params(request.params)):
                child = QTreeWidgetItem(["", line])
                child.setToolTip(1, line)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.tree.setVisible(True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def object_label(plan: PublishPlan, request: PlannedRequest) -> str:
    """A planned object in words: "Campaign “Spring”", "Image 1:1 of “Run further”"."""
    name = request.name.split(" [bt:")[0]
    if request.kind is ObjectKind.IMAGE and request.image is not None:
        headline = next((v.headline for v in plan.variants if v.id == request.variant_id),
                        request.variant_id or "")
        return f"Image {request.image.format} of “{headline}”"
    if request.kind is ObjectKind.CAMPAIGN:
        return f"Campaign “{name}”"
    if request.kind is ObjectKind.AD_SET:
        return f"Ad set “{name}”"
    return f"{request.kind.label.capitalize()} “{name}”"


def _settings_line(plan: PublishPlan, request: PlannedRequest) -> str:
    settings = plan.settings
    params = request.params
    if request.kind is ObjectKind.CAMPAIGN:
        categories = params.get("special_ad_categories") or []
        budget = (f"{_money(settings)} on the campaign"
                  if settings.budget_level is BudgetLevel.CAMPAIGN else "budget on the ad set")
        special = (f"special ad categories: {', '.join(categories)}" if categories
                   else "no special ad category")
        return f"PAUSED · {settings.objective.label} · {budget} · {special}"
    if request.kind is ObjectKind.AD_SET:
        audience = settings.targeting
        ages = f"{audience.age_min}–{audience.age_max}{'+' if audience.age_max == 65 else ''}"
        genders = ("everyone" if not audience.genders
                   else " and ".join("men" if g == 1 else "women" for g in audience.genders))
        parts = ["PAUSED"]
        if settings.budget_level is BudgetLevel.AD_SET:
            parts.append(_money(settings))
        parts += [", ".join(audience.countries) or "no country", f"ages {ages}", genders]
        if audience.interests:
            parts.append("interests: " + ", ".join(i.name for i in audience.interests))
        parts.append("placements: " + (", ".join(p.label for p in settings.placements)
                                       if settings.placements else "Advantage+"))
        if settings.schedule.start:
            parts.append(f"starts {settings.schedule.start:%d %b %Y %H:%M}")
        if settings.schedule.end:
            parts.append(f"ends {settings.schedule.end:%d %b %Y %H:%M}")
        parts.append(f"optimised for {str(params.get('optimization_goal', '')).lower()}"
                     .replace("_", " "))
        return " · ".join(parts)
    if request.kind is ObjectKind.IMAGE and request.image is not None:
        image = request.image
        size = f", {image.size_bytes / 1024:.0f} KB" if image.size_bytes else ""
        kind = "PNG" if image.mime_type == "image/png" else "JPEG"
        return f"{image.width}×{image.height} {kind}{size}"
    if request.kind is ObjectKind.CREATIVE:
        link = (params.get("object_story_spec") or {}).get("link_data") or {}
        button = cta_label(str((link.get("call_to_action") or {}).get("type", "")))
        return f"“{link.get('name', '')}” → {link.get('link', '') or 'no link'} · {button}"
    if request.kind is ObjectKind.AD:
        return "PAUSED · in the ad set above, with its creative"
    return ""


def _money(settings: PublishSettings) -> str:
    if settings.daily_budget <= 0:
        return "no daily budget yet"
    return f"{format_money(settings.daily_budget, settings.currency)} a day"


def _param_lines(value: Any, prefix: str = "") -> list[str]:
    """The exact parameters as `path: value` lines (lists of scalars on one line)."""
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, item in value.items():
            lines += _param_lines(item, f"{prefix}{key}." if prefix or key else "")
        return lines or [f"{prefix.rstrip('.')}: {{}}"]
    if isinstance(value, list) and all(not isinstance(v, Mapping | list) for v in value):
        return [f"{prefix.rstrip('.')}: {', '.join(map(str, value)) or '[]'}"]
    if isinstance(value, list):
        lines = []
        for number, item in enumerate(value):
            lines += _param_lines(item, f"{prefix}{number}.")
        return lines
    return [f"{prefix.rstrip('.')}: {value}"]
