"""server-thread-affinity: yes pins worker i to CPU i, KeyDB's numeric form
pins worker i to CPU offset + i (modulo the CPU count)."""
import glob
import os

import pytest

from helpers import Server, missing_reason


def pinned_cpus(pid):
    """The CPU of every thread of pid that is pinned to exactly one CPU."""
    cpus = []
    for status in glob.glob("/proc/%d/task/*/status" % pid):
        with open(status) as f:
            for line in f:
                if line.startswith("Cpus_allowed_list:"):
                    allowed = line.split(":", 1)[1].strip()
                    if allowed.isdigit():
                        cpus.append(int(allowed))
    return sorted(cpus)


@pytest.mark.parametrize("setting,expected", [("no", []), ("yes", [0]), ("1", [1])])
def test_one_worker_is_pinned_where_the_setting_says(setting, expected):
    if missing_reason("keydb"):
        pytest.skip(missing_reason("keydb"))
    if (os.cpu_count() or 1) < 2 or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two CPUs")
    with Server("keydb", threads=1, options=[("server-thread-affinity", setting)]) as srv:
        with srv.client() as c:
            assert c.config_get("server-thread-affinity") == {"server-thread-affinity": setting}
        assert pinned_cpus(srv.proc.pid) == expected
