"""Build the nogil Cython core: one extension module per keydb/_core/*.pyx.

Each module cimports what it needs from its neighbours' .pxd files, so calls
between modules are direct C calls through Cython's exported function tables.
"""
import glob
import os

from setuptools import Extension, setup
from Cython.Build import cythonize

CORE = os.path.join("keydb", "_core")
VERBOSE = os.environ.get("V") == "1"


def core_extensions():
    flags = ["-O2", "-fno-strict-aliasing", "-Wno-unused-function",
             "-Wno-unused-variable", "-Wno-unused-but-set-variable",
             "-Wno-format-truncation"]
    exts = []
    for pyx in sorted(glob.glob(os.path.join(CORE, "*.pyx"))):
        name = os.path.splitext(os.path.basename(pyx))[0]
        exts.append(Extension(
            "keydb._core." + name, [pyx],
            include_dirs=[os.path.join(CORE, "includes")],
            extra_compile_args=flags,
            libraries=["pthread", "dl", "m"],
        ))
    return exts


setup(
    name="keydb",
    version="0.1.0",
    packages=["keydb", "keydb._core"],
    ext_modules=cythonize(
        core_extensions(),
        nthreads=2,
        quiet=not VERBOSE,
        compiler_directives={
            "language_level": 3,
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
            "embedsignature": True,
        },
    ),
)
