"""The quicklist (keydb/_core/quicklist.pyx) against a plain Python list.

Random pushes, range deletes, replacements, inserts and iterator deletes
run on quicklists of every node-size rule and compress depth; after every
step the hook checks links, counts, node sizes against the fill rule, and
that exactly the inner nodes are compressed.
"""
import random

import pytest

quicklist = pytest.importorskip("keydb._core.quicklist")

LAYOUTS = [(1, 0), (2, 1), (3, 2), (4, 1), (16, 0), (128, 3), (-1, 0), (-1, 1), (-2, 2),
           (-5, 1), (0, 1), (-9, 1), (40000, 1)]


def stored(v):
    """What reading back gives: canonical integers come back as ints."""
    try:
        n = int(v)
    except ValueError:
        return v
    return n if str(n).encode() == v and len(v) <= 20 else v


def random_value(rng):
    k = rng.random()
    if k < 0.25:
        return str(rng.randint(-100000, 100000)).encode()
    if k < 0.35:
        return b"big-" + bytes([rng.randrange(97, 123)]) * rng.randint(100, 6000)
    return b"value-%d-" % rng.randint(0, 50) + b"abcdef" * rng.randint(0, 12)


def random_ops(rng, n):
    model, ops = [], []
    for _ in range(n):
        kind = rng.choice(["push", "push", "push", "del", "replace", "insert", "remove", "dup"])
        if kind == "push":
            v, where = random_value(rng), rng.randrange(2)
            ops.append(("push", where, v))
            model.insert(0 if where == 0 else len(model), v)
        elif not model:
            continue
        elif kind == "del":
            start = rng.randrange(-len(model), len(model))
            count = rng.randint(1, 30)
            ops.append(("del", start, count))
            s = start if start >= 0 else len(model) + start
            del model[s:s + count]
        elif kind == "replace":
            i = rng.randrange(-len(model), len(model))
            v = random_value(rng)
            ops.append(("replace", i, v))
            model[i] = v
        elif kind == "insert":
            i = rng.randrange(-len(model), len(model))
            v, after = random_value(rng), rng.randrange(2)
            ops.append(("insert", i, v, after))
            model.insert((i if i >= 0 else len(model) + i) + after, v)
        elif kind == "remove":
            i = rng.randrange(-len(model), len(model))
            ops.append(("remove", i, rng.randrange(2)))
            del model[i]
        else:
            ops.append(("dup",))
    return model, ops


@pytest.mark.parametrize("fill, depth", LAYOUTS)
def test_random_edits_agree_with_a_list(fill, depth):
    rng = random.Random(fill * 100 + depth)
    for _ in range(8):
        model, ops = random_ops(rng, rng.randint(50, 300))
        got, nodes, problem = quicklist.run(fill, depth, ops)
        assert problem == ""
        assert got == [stored(v) for v in model]
        assert sum(c for c, _ in nodes) == len(model)


def test_pushes_fill_nodes_by_count_or_by_bytes():
    _, nodes, _ = quicklist.run(4, 0, [("push", 1, b"x") for _ in range(10)])
    assert [c for c, _ in nodes] == [4, 4, 2]
    _, nodes, _ = quicklist.run(-1, 0, [("push", 1, b"y" * 100) for _ in range(100)])
    assert len(nodes) > 2 and all(c == 39 for c, _ in nodes[:-1])


def test_an_element_bigger_than_a_node_gets_a_node_of_its_own():
    ops = [("push", 1, b"a"), ("push", 1, b"z" * 20000), ("push", 1, b"b")]
    got, nodes, problem = quicklist.run(-2, 0, ops)
    assert problem == ""
    assert [c for c, _ in nodes] == [1, 1, 1]
    assert got == [b"a", b"z" * 20000, b"b"]


def test_only_inner_nodes_are_compressed():
    ops = [("push", 1, b"element-%d-" % i + b"q" * 40) for i in range(40)]
    _, nodes, problem = quicklist.run(4, 2, ops)
    assert problem == ""
    assert [z for _, z in nodes] == [0, 0] + [1] * 6 + [0, 0]
    ops += [("del", 0, 8), ("del", -8, 8)]
    _, nodes, problem = quicklist.run(4, 2, ops)
    assert problem == ""
    assert [z for _, z in nodes] == [0, 0, 1, 1, 0, 0]


def test_an_insert_into_a_full_node_splits_it_and_merges_what_fits():
    ops = [("push", 1, b"%d" % i) for i in range(8)] + [("insert", 2, b"new", 1)]
    got, nodes, problem = quicklist.run(4, 0, ops)
    assert problem == ""
    assert got == [0, 1, 2, b"new", 3, 4, 5, 6, 7]
    assert sum(c for c, _ in nodes) == 9 and all(c <= 4 for c, _ in nodes)
