"""Merged header cells computed from label paths."""

from __future__ import annotations

from macros.format.headers import DOWN, Span, spans


def test_groups_merge_and_leaves_reach_the_last_level() -> None:
    """Assert that a shared group spans its items and a short path's label spans down."""
    got = spans([("申请人情况", "自然人"), ("申请人情况", "法人", "商业企业"), ("申请人情况", "法人", "其他")])
    assert got == [
        Span("申请人情况", 0, 0, 1, 3, False),
        Span("自然人", 1, 0, 2, 1, True),
        Span("法人", 1, 1, 1, 2, False),
        Span("商业企业", 2, 1, 1, 1, True),
        Span("其他", 2, 2, 1, 1, True),
    ]


def test_equal_leaves_never_merge() -> None:
    """Assert that two neighbouring items with the same own label keep a cell each."""
    assert [(s.index, s.breadth) for s in spans([("结果维持",), ("结果维持",)])] == [(0, 1), (1, 1)]


def test_same_group_text_under_different_parents_does_not_merge() -> None:
    """Assert that a group merges only with neighbours that share every label above it."""
    got = spans([("A", "总计", "x"), ("B", "总计", "y")])
    assert [(s.text, s.index, s.breadth) for s in got if s.level == 1] == [("总计", 0, 1), ("总计", 1, 1)]


def test_down_extends_a_group_over_empty_levels() -> None:
    """Assert that DOWN inside a path makes the label above span the empty levels."""
    got = spans([("一、", DOWN, "总计"), ("一、", DOWN, "自然人"), ("二、", "x", "总计")])
    assert got[0] == Span("一、", 0, 0, 2, 2, False)
    assert Span("二、", 0, 2, 1, 1, False) in got
