"""How the selected element looks: font, size, weight, colour, alignment; button, logo, shape.

The panel shows the rows that fit the element selected on the canvas and reports each change
as a `restyle` of that element. Sizes are shown in pixels at the format's full size (what the
export will have), stored as fractions of the canvas height like every size in a spec.

Signals:
    style_edited(str, object, str): element id, the fields changed (a dict), and a merge key
        ("" when the change is one undo step on its own; else consecutive changes with the same
        key, such as a size spun up several times, merge).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from brandtruth_desktop.core.compose import (
    AUTO,
    FAMILIES,
    Align,
    CallToAction,
    Logo,
    Shape,
    TextBlock,
    get_format,
)
from brandtruth_desktop.core.editing import element_label

WEIGHTS = ((400, "Regular"), (500, "Medium"), (600, "Semibold"), (700, "Bold"),
           (900, "Black"))
ALIGNMENTS = ((Align.START, "Left"), (Align.CENTER, "Centre"), (Align.END, "Right"))


@dataclass
class _Row:
    label: QLabel
    field: QWidget

    def show(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.field.setVisible(visible)


class ColorButton(QToolButton):
    """A swatch that opens the colour dialog; shows "Auto" when the renderer chooses."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ColorButton")
        self.setAccessibleName(name)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setMinimumWidth(110)
        self.value = AUTO

    def show_value(self, value: str) -> None:
        self.value = value
        if value in (AUTO, "none", ""):
            self.setText("Automatic" if value == AUTO else "None")
            self.setStyleSheet("")
            return
        color = QColor(value)
        ink = "#000000" if color.lightnessF() > 0.6 else "#ffffff"
        self.setText(value.upper())
        self.setStyleSheet(f"QToolButton#ColorButton {{ background: {value}; color: {ink}; }}")


class StylePanel(QWidget):
    """Style rows for the selected element (see the module docstring)."""

    style_edited = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.element = ""
        self._format = "1:1"
        self._quiet = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.hint = QLabel("Select the headline, text, button or logo on the canvas to change "
                           "how it looks. Drag to move it; drag a handle to resize it.")
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        self.title = QLabel("")
        self.title.setObjectName("SectionSubtitle")
        form.addRow(self.title)

        self.font_combo = QComboBox()
        self.font_combo.setAccessibleName("Font")
        for key, family in FAMILIES.items():
            self.font_combo.addItem(family.name, key)
        self.font_combo.activated.connect(
            lambda i: self._emit({"font": self.font_combo.itemData(i)}))
        self.size_spin = QSpinBox()
        self.size_spin.setAccessibleName("Size")
        self.size_spin.setRange(8, 480)
        self.size_spin.setSuffix(" px")
        self.size_spin.setToolTip("The type size in the exported ad (pixels at full size). "
                                  "Long copy shrinks to fit its box.")
        self.size_spin.valueChanged.connect(self._size_changed)
        self.weight_combo = QComboBox()
        self.weight_combo.setAccessibleName("Weight")
        for weight, name in WEIGHTS:
            self.weight_combo.addItem(name, weight)
        self.weight_combo.activated.connect(
            lambda i: self._emit({"weight": self.weight_combo.itemData(i)}))
        self.color_button = ColorButton("Text colour")
        self.color_button.clicked.connect(lambda: self._pick("color", "Text colour", True))
        self.fill_button = ColorButton("Button colour")
        self.fill_button.clicked.connect(lambda: self._pick("fill", "Button colour", False))
        self.label_button = ColorButton("Label colour")
        self.label_button.clicked.connect(
            lambda: self._pick("text_color", "Label colour", True))
        self.auto_color = QCheckBox("Automatic for contrast")
        self.auto_color.toggled.connect(self._auto_toggled)
        self.align_box = QWidget()
        align_row = QHBoxLayout(self.align_box)
        align_row.setContentsMargins(0, 0, 0, 0)
        align_row.setSpacing(0)
        self.align_group = QButtonGroup(self)
        self.align_buttons: dict[Align, QToolButton] = {}
        for position, (align, name) in enumerate(ALIGNMENTS):
            button = QToolButton()
            button.setObjectName("SegmentButton")
            button.setProperty("first", position == 0)
            button.setProperty("last", position == len(ALIGNMENTS) - 1)
            button.setText(name)
            button.setToolTip(f"Align the lines {name.lower()}")
            button.setCheckable(True)
            self.align_group.addButton(button)
            self.align_buttons[align] = button
            button.clicked.connect(lambda _=False, a=align: self._emit({"align": a}))
            align_row.addWidget(button)
        align_row.addStretch(1)
        self.plate_combo = QComboBox()
        self.plate_combo.setAccessibleName("Logo backing")
        for value, name in ((AUTO, "Automatic"), ("none", "None"), ("#FFFFFF", "White"),
                            ("#111111", "Black")):
            self.plate_combo.addItem(name, value)
        self.plate_combo.activated.connect(
            lambda i: self._emit({"plate": self.plate_combo.itemData(i)}))
        self.shape_button = ColorButton("Shape colour")
        self.shape_button.clicked.connect(lambda: self._pick("color", "Shape colour", False))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setAccessibleName("Opacity")
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(
            lambda v: self._emit({"opacity": v / 100}, "opacity"))

        self.rows: dict[str, _Row] = {}
        for key, label, widget in (
                ("font", "Font", self.font_combo), ("size", "Size", self.size_spin),
                ("weight", "Weight", self.weight_combo), ("color", "Colour", self.color_button),
                ("auto", "", self.auto_color), ("fill", "Button", self.fill_button),
                ("label", "Label", self.label_button), ("align", "Align", self.align_box),
                ("plate", "Backing", self.plate_combo), ("shape", "Colour", self.shape_button),
                ("opacity", "Opacity", self.opacity)):
            title = QLabel(label)
            title.setObjectName("FieldLabel")
            form.addRow(title, widget)
            self.rows[key] = _Row(title, widget)
        self.show_element("", None, "1:1")

    # -- showing ------------------------------------------------------------------------------
    def show_element(self, element: str, style: Any, format_key: str) -> None:
        """Show the rows for `element` (its spec dataclass `style`), or the hint."""
        self.element = element if style is not None else ""
        self._format = format_key
        kind = _kind(style)
        visible = {
            "text": {"font", "size", "weight", "color", "auto", "align"},
            "cta": {"font", "size", "weight", "fill", "label"},
            "logo": {"plate"},
            "shape": {"shape", "opacity"},
        }.get(kind, set())
        self.hint.setVisible(not visible)
        self.title.setVisible(bool(visible))
        self.title.setText(element_label(element) if visible else "")
        for key, row in self.rows.items():
            row.show(key in visible)
        self._quiet = True
        try:
            self._fill(style)
        finally:
            self._quiet = False

    def _fill(self, style: Any) -> None:
        height = get_format(self._format).height
        if isinstance(style, TextBlock | CallToAction):
            self.font_combo.setCurrentIndex(max(0, self.font_combo.findData(style.font)))
            self.size_spin.setValue(round(style.size * height))
            index = min(range(len(WEIGHTS)), key=lambda i: abs(WEIGHTS[i][0] - style.weight))
            self.weight_combo.setCurrentIndex(index)
        if isinstance(style, TextBlock):
            self.color_button.show_value(style.color)
            self.auto_color.setChecked(style.color == AUTO)
            align = {Align.LEFT: Align.START, Align.RIGHT: Align.END}.get(style.align,
                                                                          style.align)
            self.align_buttons.get(align, self.align_buttons[Align.START]).setChecked(True)
        if isinstance(style, CallToAction):
            self.fill_button.show_value(style.fill)
            self.label_button.show_value(style.text_color)
        if isinstance(style, Logo):
            index = self.plate_combo.findData(style.plate)
            if index < 0:
                self.plate_combo.addItem(style.plate.upper(), style.plate)
                index = self.plate_combo.count() - 1
            self.plate_combo.setCurrentIndex(index)
        if isinstance(style, Shape):
            self.shape_button.show_value(style.color)
            self.opacity.setValue(round(style.opacity * 100))

    # -- editing ------------------------------------------------------------------------------
    def _emit(self, changes: dict[str, Any], merge: str = "") -> None:
        if not self._quiet and self.element:
            self.style_edited.emit(self.element, changes, merge)

    def _size_changed(self, value: int) -> None:
        self._emit({"size": round(value / get_format(self._format).height, 5)}, "size")

    def _auto_toggled(self, on: bool) -> None:
        if self._quiet:
            return
        if on:
            self.color_button.show_value(AUTO)
            self._emit({"color": AUTO})
        else:
            self._pick("color", "Text colour", True)

    def set_color(self, field: str, value: str) -> None:
        """Apply a colour as if chosen in the dialog (tests, and the dialog itself)."""
        self._emit({field: value})

    def _pick(self, field: str, title: str, allow_auto: bool) -> None:
        button = {"fill": self.fill_button, "text_color": self.label_button}.get(
            field, self.shape_button if self.rows["shape"].field.isVisible()
            else self.color_button)
        start = QColor(button.value if button.value.startswith("#") else "#ffffff")
        chosen = QColorDialog.getColor(start, self, title)
        if chosen.isValid():
            self.set_color(field, chosen.name().upper())
        elif allow_auto and field == "color":
            self._quiet = True
            self.auto_color.setChecked(button.value == AUTO)
            self._quiet = False


def _kind(style: Any) -> str:
    if isinstance(style, TextBlock):
        return "text"
    if isinstance(style, CallToAction):
        return "cta"
    if isinstance(style, Logo):
        return "logo"
    if isinstance(style, Shape):
        return "shape"
    return ""
