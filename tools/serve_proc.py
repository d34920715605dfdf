"""The processes of a `ravi serve` under test or measurement (tests/serve/test_serve.py,
tools/serve-bench.py): its pool is the server's child (the keeper), the keeper's (the zygote),
and the zygote's (the workers)."""


def children(pid):
    """The process ids of pid's children, from /proc; [] once pid is gone."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []
