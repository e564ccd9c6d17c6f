"""Fact and profile serialisation: ``plain`` gives exactly what ``dataclasses.asdict`` gives."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from typing import Any, NamedTuple

from exclusions.facts.data import FactData
from exclusions.facts.model import plain
from exclusions.facts.profile import build_profile


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def dicts(x: Any) -> list[int]:
    """The ids of every dict in a structure."""
    if isinstance(x, dict):
        return [id(x), *(i for v in x.values() for i in dicts(v))]
    if isinstance(x, (list, tuple)):
        return [i for v in x for i in dicts(v)]
    return []


def test_profiles_serialise_as_asdict_would(fact_data: FactData) -> None:
    names = {"England", "North West", "Bury", "Gateshead", "Dorset"}
    areas = [a for a in fact_data.areas.values() if a.name in names]
    for area in areas:
        for year in fact_data.years_by_area[area.code][::4]:
            p = build_profile(fact_data, area, year, "total")
            d = p.to_dict()
            expected = {
                "subject": dataclasses.asdict(p.subject),
                "facts": [dataclasses.asdict(f) for f in p.facts],
                "notes": list(p.notes),
            }
            assert same(d, expected), (area.name, year)
            ids = dicts(d)
            assert len(ids) == len(set(ids)), "a dict is shared: callers may change theirs"


class Pair(NamedTuple):
    a: int
    b: list[Any]


@dataclasses.dataclass
class Empty:
    pass


@dataclasses.dataclass
class One:
    x: Any


@dataclasses.dataclass
class Odd:
    t: tuple[Any, ...]
    pair: Pair
    ordered: OrderedDict[str, Any]
    s: set[int]
    empty: Empty
    one: One
    cls: type
    nan: float


def test_other_shapes_follow_asdict() -> None:
    odd = Odd(
        (1, [2, One([3])]),
        Pair(1, [Empty()]),
        OrderedDict(a=One([1])),
        {1, 2},
        Empty(),
        One([(1, 2)]),
        One,
        float("nan"),
    )
    got, expected = plain(odd), dataclasses.asdict(odd)
    assert got["nan"] != got["nan"]  # NaN is kept as it is (facts never hold one)
    got["nan"] = expected["nan"] = 0.0
    assert same(got, expected)
