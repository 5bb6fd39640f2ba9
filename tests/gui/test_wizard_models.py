"""The wizard's item models are well-behaved Qt models (qtmodeltester) and show what matters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from brandtruth_desktop.core.models import (
    Angle,
    CopyVariant,
    Fact,
    FactKind,
    GateRejection,
    Risk,
    StockPhoto,
    Variant,
)
from brandtruth_desktop.ui.wizard.copy_models import (
    CopyRole,
    RejectionListModel,
    VariantListModel,
)
from brandtruth_desktop.ui.wizard.fact_model import FactColumn, FactRole, FactTreeModel
from brandtruth_desktop.ui.wizard.photo_model import PhotoGridModel, PhotoRole, photo_key

SITE = "https://brand.example/"


def fact(n: int, kind: FactKind = FactKind.STATISTIC, **extra: object) -> Fact:
    values: dict[str, object] = {
        "id": f"f{n}", "kind": kind, "text": f"{n} teams", "quote": f"{n} teams",
        "source_url": f"{SITE}pricing.html", **extra,
    }
    return Fact(**values)  # type: ignore[arg-type]


def test_fact_tree_groups_by_kind_and_edits_announce_the_fact(qtmodeltester, qtbot) -> None:
    model = FactTreeModel()
    model.replace_all([fact(1), fact(2, FactKind.OFFER), fact(3), fact(4, FactKind.CLAIM)])
    qtmodeltester.check(model)
    groups = [model.index(row, 0).data(FactRole.KIND) for row in range(model.rowCount())]
    assert groups == [FactKind.STATISTIC, FactKind.CLAIM, FactKind.OFFER]
    statistics = model.index(0, 0)
    assert model.rowCount(statistics) == 2 and "Statistics" in statistics.data()
    first = model.index(0, FactColumn.TEXT, statistics)
    assert first.data() == "1 teams"
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(0, FactColumn.SOURCE, statistics).data() == "pricing.html"

    with qtbot.waitSignal(model.fact_edited) as edited:
        assert model.setData(first, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert edited.args[0].excluded
    with qtbot.waitSignal(model.fact_edited) as edited:
        assert model.setData(model.index(0, FactColumn.RISK, statistics), "High")
    assert edited.args[0].risk is Risk.HIGH and edited.args[0].risk_reason == "set by you"
    assert not model.setData(first, "   ")  # an empty text is refused

    model.add_fact(fact(9, FactKind.AWARD, user_supplied=True, source_url=""))
    model.update_fact(fact(3, FactKind.CLAIM))  # moves to the Claims group
    model.remove_fact("f2")  # the Offers group goes with its last fact
    qtmodeltester.check(model)
    kinds = [model.index(row, 0).data(FactRole.KIND) for row in range(model.rowCount())]
    assert kinds == [FactKind.STATISTIC, FactKind.CLAIM, FactKind.AWARD]
    award = model.index_of("f9", FactColumn.SOURCE)
    assert award.data() == "Added by you"
    assert [f.id for f in model.facts()] == ["f1", "f4", "f3", "f9"]


def test_copy_models_list_variants_rejections_and_pictures(qtmodeltester) -> None:
    variants = VariantListModel()
    variant = Variant(id="c1-v1", campaign_id=1, angle="social_proof", headline="Loved by teams",
                      primary_text="12,000+ teams plan here.", call_to_action="SIGN_UP",
                      fact_ids=("f1", "f2"))
    variants.add(variant)
    variants.add(Variant(id="c1-v2", campaign_id=1, angle="offer", headline="Try it free",
                         primary_text="14 days free.", fact_ids=("f3",)))
    qtmodeltester.check(variants)
    first = variants.index(0)
    assert first.data(CopyRole.DETAIL) == "Social proof · button “Sign up” · cites 2 facts"
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    variants.set_picture("c1-v1", image, "chosen by you")
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    assert first.data(CopyRole.PICTURE_NOTE) == "chosen by you"
    variants.add(variant)  # the same variant again updates its row
    assert variants.rowCount() == 2

    rejections = RejectionListModel()
    rejections.add(GateRejection(
        CopyVariant(id="x", angle=Angle.OFFER, headline="50% off", primary_text="Now"),
        reasons=("it states 50%, which no cited fact holds",)))
    qtmodeltester.check(rejections)
    assert "50%" in rejections.index(0).data(CopyRole.DETAIL)


def test_photo_grid_shows_attribution_and_thumbnails(qtmodeltester) -> None:
    model = PhotoGridModel()
    photo = StockPhoto(source="unsplash", id="abc", width=4000, height=3000,
                       photographer="Ana Lopez")
    model.set_photos([photo, photo, StockPhoto(source="brand", id="b", width=800, height=600,
                                               description="hero")])
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0).data() == "Photo by Ana Lopez on Unsplash"
    assert model.index(0).data(PhotoRole.PHOTO) == photo
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole) is None
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    model.set_thumbnail(photo_key(photo), image)
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole) is not None
