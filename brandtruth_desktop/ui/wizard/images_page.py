"""Page 4, Images: a picture for each ad, picked by the person or left to the app.

Sources, one tab each: the brand's own images (from its site), stock photos from Pexels and
Unsplash (only with a key; otherwise the tab says why), the person's own files (drag and drop
or a file dialog) and backgrounds generated from the brand's colours. Choosing a picture for
the selected ads stores it at once (asset store and licence ledger); ads left on Auto get
theirs from the app when rendering starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from brandtruth_desktop.core.models import StockPhoto, Variant
from brandtruth_desktop.core.pipeline import ImageChoice
from brandtruth_desktop.ui.wizard.copy_models import CopyCardDelegate, CopyRole, VariantListModel
from brandtruth_desktop.ui.wizard.photo_model import (
    THUMB_SIZE,
    PhotoGridModel,
    PhotoRole,
    describe_photo,
)
from brandtruth_desktop.ui.wizard.picture_sources import (
    PictureList,
    assign_picture,
    choice_thumbnails,
    close_source,
    list_pictures,
    source_for,
    web_bytes,
)
from brandtruth_desktop.ui.wizard.session import WizardSession
from brandtruth_desktop.ui.wizard.steps import add_page_header

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)"


class PhotoGrid(QListView):
    """Thumbnails in a grid; accepts image files dropped on it when `accept_files` is set.

    Signals:
        files_dropped(object): the local paths of the files dropped.
    """

    files_dropped = Signal(object)

    def __init__(self, model: PhotoGridModel, *, accept_files: bool = False) -> None:
        super().__init__()
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMB_SIZE)
        self.setGridSize(QSize(THUMB_SIZE.width() + 20, THUMB_SIZE.height() + 44))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(accept_files)
        self.viewport().setAcceptDrops(accept_files)
        self.setDropIndicatorShown(accept_files)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.acceptDrops() and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if self.acceptDrops() and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if self.acceptDrops() and paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class ImagesPage(QWizardPage):
    """Pictures per ad; see the module docstring."""

    def __init__(self, session: WizardSession, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("ImagesPage")
        self._subtitle = ("Choose a picture for any ad, or leave it on Auto: BrandTruth picks "
                         "one for each when rendering starts.")
        self.ads = VariantListModel(self)
        self.grids: dict[str, PhotoGridModel] = {}
        self.local_paths: list[str] = []
        self._loaded_for: tuple[str, ...] | None = None
        self._stock_names: list[str] = []
        self._build(theme)

    def _build(self, theme: Theme) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(12)
        add_page_header(outer, "Images", self._subtitle)
        layout = QHBoxLayout()
        layout.setSpacing(16)
        outer.addLayout(layout, 1)
        left = QVBoxLayout()
        left.setSpacing(8)
        title = QLabel("Ads")
        title.setObjectName("SectionTitle")
        left.addWidget(title)
        self.ad_view = QListView()
        self.ad_view.setModel(self.ads)
        self.ad_view.setItemDelegate(CopyCardDelegate(theme, self, lines=1, thumbnails=True))
        self.ad_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ad_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.ad_view.setSpacing(2)
        left.addWidget(self.ad_view, 1)
        hint = QLabel("Select one or more ads, then a picture. Ctrl+A selects every ad.")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        left.addWidget(hint)
        left.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(left)
        holder.setFixedWidth(400)
        layout.addWidget(holder)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.addTab(self._tab("brand", "The pictures on the brand's own site."),
                         "&Brand images")
        self.tabs.addTab(self._stock_tab(), "&Stock photos")
        self.tabs.addTab(self._files_tab(theme), "Your &files")
        self.tabs.addTab(self._tab("generated", "Made from the brand's colours; sharp at any "
                                                "size, no licence needed."), "Back&grounds")
        right.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.attribution = QLabel("")
        self.attribution.setObjectName("Muted")
        self.attribution.setWordWrap(True)
        self.use_button = QPushButton("&Use for the selected ads")
        self.use_button.setProperty("primary", True)
        self.use_button.clicked.connect(self.use_current)
        row.addWidget(self.attribution, 1)
        row.addWidget(self.use_button)
        right.addLayout(row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("Muted")
        right.addWidget(self.status)
        layout.addLayout(right, 1)
        self.tabs.currentChanged.connect(lambda _i: self._update_use())
        self.ad_view.selectionModel().selectionChanged.connect(lambda *_: self._update_use())

    def _grid(self, name: str, *, accept_files: bool = False) -> PhotoGrid:
        model = PhotoGridModel(self)
        self.grids[name] = model
        grid = PhotoGrid(model, accept_files=accept_files)
        grid.setObjectName(f"grid-{name}")
        grid.doubleClicked.connect(lambda _i: self.use_current())
        grid.activated.connect(lambda _i: self.use_current())
        grid.selectionModel().currentChanged.connect(lambda *_: self._update_use())
        return grid

    def _tab(self, name: str, note: str) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 10, 0, 0)
        label = QLabel(note)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        column.addWidget(label)
        column.addWidget(self._grid(name), 1)
        return page

    def _stock_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 10, 0, 0)
        row = QHBoxLayout()
        self.stock_query = QLineEdit()
        self.stock_query.setPlaceholderText("Search stock photos, e.g. team planning")
        self.stock_query.returnPressed.connect(self.search_stock)
        self.stock_service = QComboBox()
        self.stock_button = QPushButton("Search")
        self.stock_button.clicked.connect(self.search_stock)
        row.addWidget(self.stock_query, 1)
        row.addWidget(self.stock_service)
        row.addWidget(self.stock_button)
        column.addLayout(row)
        self.stock_note = QLabel("")
        self.stock_note.setObjectName("Muted")
        self.stock_note.setWordWrap(True)
        column.addWidget(self.stock_note)
        self.stock_missing = QLabel("")
        self.stock_missing.setObjectName("EmptyPanel")
        self.stock_missing.setWordWrap(True)
        self.stock_missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stock_stack = QStackedWidget()
        self.stock_stack.addWidget(self._grid("stock"))
        self.stock_stack.addWidget(self.stock_missing)
        column.addWidget(self.stock_stack, 1)
        return page

    def _files_tab(self, theme: Theme) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 10, 0, 0)
        row = QHBoxLayout()
        note = QLabel("Drop image files onto the grid, or add them from a folder.")
        note.setObjectName("Muted")
        add = QPushButton(theme.icon("folder"), "Add files…")
        add.clicked.connect(self.choose_files)
        row.addWidget(note, 1)
        row.addWidget(add)
        column.addLayout(row)
        grid = self._grid("local", accept_files=True)
        grid.files_dropped.connect(self.add_files)
        column.addWidget(grid, 1)
        return page

    # -- loading ----------------------------------------------------------------------------
    def initializePage(self) -> None:
        wizard = self.wizard()
        copy_page = getattr(wizard, "copy_page", None)
        variants: list[Variant] = copy_page.variants.variants() if copy_page else []
        key = tuple(v.id for v in variants)
        if key == self._loaded_for:
            return
        self._loaded_for = key
        self.ads.clear()
        for variant in variants:
            self.ads.add(variant)
        self._load_choices()
        self._load("brand", "")
        self._load("generated", "")
        self._check_stock(variants)
        self.ad_view.setFocus()
        if self.ads.rowCount():
            self.ad_view.setCurrentIndex(self.ads.index(0))

    def _context(self) -> tuple[Any, int, Any]:
        services = self.session.jobs.services()
        campaign_id = self.session.campaign_id
        if campaign_id is None:
            raise RuntimeError("no campaign yet")
        return services, campaign_id, self.session.plan

    def _load(self, name: str, query: str, *, service: str | None = None) -> None:
        services, campaign_id, plan = self._context()
        workspace = services.workspace
        paths = list(self.local_paths)
        source_name = service or name

        def load() -> PictureList:
            profile = workspace.content.brand_profile(campaign_id)
            stored_plan = workspace.runs.plan(campaign_id) or plan
            source = source_for(source_name, services, stored_plan,
                                profile.colors if profile else (),
                                profile.brand_name if profile else "", local_paths=paths)
            try:
                return list_pictures(source, query, per_page=12, thumbnail_bytes=web_bytes)
            finally:
                close_source(source)

        def loaded(found: PictureList) -> None:
            model = self.grids[name]
            model.set_photos(list(found.photos))
            for key, image in found.thumbnails.items():
                model.set_thumbnail(key, image)
            if found.problems:
                self.status.setText("\n".join(found.problems[:4]))
            if name == "brand" and not found.photos:
                self.status.setText("The brand's site has no pictures large enough for an ad.")

        self.session.call(f"Loading pictures ({source_name})", load, loaded,
                          failure="The pictures could not be loaded")

    def _load_choices(self) -> None:
        services, campaign_id, _plan = self._context()

        def shown(found: list[tuple[ImageChoice, QImage | None]]) -> None:
            for choice, image in found:
                if image is not None:
                    note = "chosen by you" if choice.chosen_by == "person" else "picked by the app"
                    self.ads.set_picture(choice.variant_id, image, note)

        self.session.call("Loading the chosen pictures",
                          lambda: choice_thumbnails(services, campaign_id), shown)

    def _check_stock(self, variants: list[Variant]) -> None:
        services, _campaign_id, _plan = self._context()
        if variants and not self.stock_query.text():
            from brandtruth_desktop.core.imagery.search_terms import search_terms

            first = variants[0]
            terms = search_terms(first.angle, headline=first.headline,
                                 primary_text=first.primary_text)
            self.stock_query.setText(terms[0] if terms else "")

        def shown(availability: Any) -> None:
            self._stock_names = [name for name, on in (("pexels", availability.pexels),
                                                       ("unsplash", availability.unsplash)) if on]
            self.stock_service.clear()
            for name in self._stock_names:
                self.stock_service.addItem(name.capitalize(), name)
            usable = bool(self._stock_names)
            for widget in (self.stock_query, self.stock_service, self.stock_button):
                widget.setEnabled(usable)
                widget.setVisible(usable)
            self.stock_note.setText(
                "Photos keep their photographer's credit; each one used is recorded in the "
                "licence ledger." if usable else "")
            self.stock_note.setVisible(usable)
            self.stock_missing.setText(
                f"{availability.reason}\n\nUntil then, use the brand's own images, your files "
                "or backgrounds generated from the brand's colours.")
            self.stock_stack.setCurrentIndex(0 if usable else 1)

        self.session.call("Checking stock photo keys", services.stock_availability, shown)

    def search_stock(self) -> None:
        query = self.stock_query.text().strip()
        service = self.stock_service.currentData()
        if query and service:
            self.stock_note.setText(f"Searching {str(service).capitalize()} for “{query}”…")
            self._load("stock", query, service=str(service))

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Choose pictures", "", IMAGE_FILTER)
        if files:
            self.add_files(files)

    def add_files(self, paths: list[str]) -> None:
        """Offer these image files (dropped or chosen) in the Your files tab."""
        for path in paths:
            if path not in self.local_paths:
                self.local_paths.append(path)
        self.tabs.setCurrentIndex(2)
        self._load("local", "")

    # -- choosing ---------------------------------------------------------------------------
    def current_photo(self) -> StockPhoto | None:
        page = self.tabs.currentWidget()
        grid = page.findChild(PhotoGrid) if page is not None else None
        if grid is None:
            return None
        photo = grid.currentIndex().data(PhotoRole.PHOTO)
        return photo if isinstance(photo, StockPhoto) else None

    def selected_variant_ids(self) -> list[str]:
        rows = self.ad_view.selectionModel().selectedRows()
        return [str(index.data(CopyRole.ID)) for index in rows]

    def _update_use(self) -> None:
        photo = self.current_photo()
        self.attribution.setText(describe_photo(photo) if photo else "")
        self.use_button.setEnabled(photo is not None and bool(self.selected_variant_ids()))

    def use_current(self) -> None:
        photo = self.current_photo()
        if photo is not None:
            self.use(photo, self.selected_variant_ids())

    def use(self, photo: StockPhoto, variant_ids: list[str]) -> None:
        """Give these ads this picture (stored with its licence record on the runner)."""
        if not variant_ids:
            return
        services, campaign_id, _plan = self._context()
        paths = list(self.local_paths)

        def chosen(result: tuple[list[ImageChoice], QImage, list[str]]) -> None:
            choices, image, notices = result
            for choice in choices:
                self.ads.set_picture(choice.variant_id, image, "chosen by you")
            self.status.setText("\n".join(notices) or
                                f"{describe_photo(photo)} is used for "
                                f"{len(choices)} ad{'s' if len(choices) != 1 else ''}.")

        self.status.setText("Storing the picture…")
        self.session.call("Using a picture",
                          lambda: assign_picture(services, campaign_id, variant_ids, photo, paths),
                          chosen, failure="The picture could not be used")

    def cleanupPage(self) -> None:
        """Going Back keeps the choices (nothing is reset)."""
