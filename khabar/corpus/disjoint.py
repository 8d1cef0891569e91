"""Disjoint sets (union-find) whose groups are led by their smallest member.

Near-duplicate clusters and stories both group items kept in preferred order (earliest
first), so the leader of a group is always its first item.
"""

from __future__ import annotations


class DisjointSets:
    __slots__ = ("_parent",)

    def __init__(self, n: int):
        self._parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)  # the smaller index, the earlier item, leads
