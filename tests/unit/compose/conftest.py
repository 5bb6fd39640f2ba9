"""Fixtures for the composition tests: the bundled fonts, a made-up photo and logo, a brand."""

from __future__ import annotations

import hashlib

import pytest
from compose_support import FONTS_DIR, AdCopyFixture, Stock, make_logo, make_photo, png_bytes

from brandtruth_desktop.core.compose import BrandStyle, FontBook, RenderCache
from brandtruth_desktop.core.imagery.analysis import analyse_image
from brandtruth_desktop.core.imagery.loading import load_image


@pytest.fixture(scope="session")
def fonts() -> FontBook:
    return FontBook(FONTS_DIR)


@pytest.fixture(scope="session")
def stock() -> Stock:
    photo = png_bytes(make_photo())
    logo = png_bytes(make_logo())
    photo_sha = hashlib.sha256(photo).hexdigest()
    logo_sha = hashlib.sha256(logo).hexdigest()
    return Stock(photo_sha, logo_sha, {photo_sha: photo, logo_sha: logo},
                 analyse_image(load_image(photo)))


@pytest.fixture(scope="session")
def brand(stock: Stock) -> BrandStyle:
    return BrandStyle("Otterdesk", ("#FFFFFF", "#115E59", "#F97360", "#1F2937"),
                      stock.logo_sha, 3.0)


@pytest.fixture
def cache() -> RenderCache:
    return RenderCache()


@pytest.fixture(scope="session")
def copy() -> AdCopyFixture:
    return AdCopyFixture(
        "Plan a calmer week in ten minutes",
        "Otterdesk keeps tasks, notes and deadlines for the whole team in one tidy board.",
        "SIGN_UP",
    )
