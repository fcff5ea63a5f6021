# keydb-py: `make` sets everything up (Debian packages, .venv, Cython build,
# launchers); `make test`, `make bench`, `make clean`, `make distclean`.
# Options: MALLOC=jemalloc|libc, V=1 (verbose build), PROG_SUFFIX=.

PYTHON   ?= python3
VENV     := .venv
VPY      := $(VENV)/bin/python
# Expanded when a launcher is written, after deps/install-debian.sh may have
# installed libjemalloc (on a fresh machine it is not there when make starts).
JEMALLOC = $(firstword $(wildcard /usr/lib/*/libjemalloc.so.2 /usr/lib/libjemalloc.so.2))
MALLOC   ?= $(if $(JEMALLOC),jemalloc,libc)
PROG_SUFFIX ?=
PROGRAMS := keydb-server keydb-cli
ifeq ($(V),1)
Q :=
else
Q := @
endif

PYX  := $(wildcard keydb/_core/*.pyx keydb/_core/*.pxd keydb/_core/includes/*)
SPECS := $(shell find keydb/commands -name '*.json')

.PHONY: all build test bench clean distclean
all: build $(PROGRAMS) $(addprefix src/,$(PROGRAMS))

$(VENV)/.deps: deps/requirements.txt deps/debian-packages.txt deps/install-debian.sh
	$(Q)bash deps/install-debian.sh
	$(Q)test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(Q)$(VPY) -m pip install -q --disable-pip-version-check -r deps/requirements.txt
	$(Q)touch $@

keydb/_core/command_table.pyx: utils/gen_commands.py $(SPECS) $(wildcard keydb/_core/*.pxd) $(VENV)/.deps
	$(Q)$(VPY) utils/gen_commands.py

build: $(VENV)/.deps keydb/_core/command_table.pyx
	$(Q)V=$(V) flock .build.lock $(VPY) setup.py -q build_ext --inplace -j 2 $(if $(Q),>/dev/null)

# Launchers: shell scripts that run the package with the chosen allocator.
$(PROGRAMS): utils/launcher.sh Makefile $(VENV)/.deps
	$(Q)sed -e 's|@MODULE@|$(subst -,_,$(subst keydb-,,$@))|' -e 's|@MALLOC@|$(MALLOC)|' \
	    -e 's|@JEMALLOC@|$(JEMALLOC)|' utils/launcher.sh > $@$(PROG_SUFFIX) && chmod +x $@$(PROG_SUFFIX)

src/%: %
	$(Q)mkdir -p src && sed -e 's|^top=.*|top=$$(cd "$$(dirname "$$0")/.." \&\& pwd)|' $< > $@ && chmod +x $@

test: all
	$(Q)$(VPY) -m pytest -q tests

bench: all
	$(Q)$(VPY) bench/run.py

clean:
	$(Q)rm -rf build keydb/_core/*.c keydb/_core/*.so keydb/_core/*.html keydb/_core/command_table.pyx
	$(Q)find . -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	$(Q)rm -rf $(VENV) $(PROGRAMS) src .pytest_cache .hypothesis
