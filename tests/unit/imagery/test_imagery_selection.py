"""Candidate images across sources: failures noted once, duplicates dropped, best fit first."""

from __future__ import annotations

from brandtruth_desktop.core.imagery.selection import rank_for_format, search_sources
from brandtruth_desktop.core.models import StockPhoto
from brandtruth_desktop.core.ports import StockSourceError


def photo(source: str, photo_id: str, width: int = 3000, height: int = 2000) -> StockPhoto:
    return StockPhoto(source=source, id=photo_id, width=width, height=height)


class Scripted:
    def __init__(self, name: str, answers: dict[str, list[StockPhoto] | StockSourceError]):
        self.name = name
        self.answers = answers
        self.asked: list[str] = []

    def search(self, query: str, *, per_page: int = 12,
               orientation: str | None = None) -> list[StockPhoto]:
        self.asked.append(query)
        answer = self.answers.get(query, [])
        if isinstance(answer, StockSourceError):
            raise answer
        return answer

    def download(self, photo: StockPhoto) -> bytes:
        return b""

    def mark_used(self, photo: StockPhoto) -> None:
        pass


def test_sources_are_asked_in_order_and_a_dead_one_only_once() -> None:
    offline = StockSourceError("offline", "Could not reach Pexels.")
    pexels = Scripted("pexels", {"coffee beans": offline, "beans": offline})
    local = Scripted("local", {"coffee beans": [photo("local", "a"), photo("local", "b")],
                               "beans": [photo("local", "b"), photo("local", "c")]})
    result = search_sources([pexels, local], ["coffee beans", "beans"])
    assert pexels.asked == ["coffee beans"]
    assert [p.id for p in result.photos] == ["a", "b", "c"]
    assert result.notices == ("Could not reach Pexels.",)


def test_searching_stops_when_there_are_enough() -> None:
    many = Scripted("local", {"x": [photo("local", str(i)) for i in range(30)]})
    later = Scripted("generated", {"x": [photo("generated", "g")]})
    result = search_sources([many, later], ["x", "y"], enough=10)
    assert len(result.photos) == 10 and later.asked == []


def test_photos_that_fit_the_format_without_upscaling_come_first() -> None:
    small = photo("pexels", "small", 800, 600)
    wide = photo("pexels", "wide", 6000, 2000)
    tall = photo("pexels", "tall", 2000, 3600)
    unknown = photo("brand", "unknown", 0, 0)
    ranked = rank_for_format([small, wide, unknown, tall], (1080, 1920))
    assert [p.id for p in ranked] == ["tall", "wide", "small", "unknown"]
    ranked = rank_for_format([tall, wide], (1920, 1080))
    assert [p.id for p in ranked] == ["wide", "tall"]
