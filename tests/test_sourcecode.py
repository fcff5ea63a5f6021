"""Source-level rules that keep the request path free of the GIL (DESIGN.md 3)."""
import pathlib

import pytest

CORE = pathlib.Path(__file__).resolve().parent.parent / "keydb" / "_core"
# Modules allowed to take the GIL: the bridge (by design) and the start-up
# face of the core, which only ever runs on the Python main thread.
GIL_MODULES = {"bridge"}


def hot_modules():
    return sorted(p for p in CORE.glob("*.pyx") if p.stem not in GIL_MODULES)


def test_every_core_module_has_generated_c():
    missing = [p.name for p in hot_modules() if not p.with_suffix(".c").exists()]
    assert not missing, f"build first (make): no generated C for {missing}"


def gil_acquisitions(c_source):
    """Lines of generated C that acquire the GIL: `with gil` blocks and the
    error paths of nogil functions that could raise. Cython's reference-
    counting debug macros (#define ... PyGILState_Ensure) are not code."""
    return [line.strip() for line in c_source.splitlines()
            if "PyGILState_Ensure()" in line and not line.rstrip().endswith("\\")
            and not line.lstrip().startswith("#define")]


@pytest.mark.parametrize("pyx", hot_modules(), ids=lambda p: p.stem)
def test_hot_module_never_takes_the_gil(pyx):
    found = gil_acquisitions(pyx.with_suffix(".c").read_text())
    assert not found, f"{pyx.name} takes the GIL: {found[:3]}"


def test_bridge_is_where_the_gil_is_taken():
    assert gil_acquisitions((CORE / "bridge.c").read_text())


@pytest.mark.parametrize("pyx", hot_modules(), ids=lambda p: p.stem)
def test_no_gil_blocks_in_hot_module_source(pyx):
    assert "with gil" not in pyx.read_text()
