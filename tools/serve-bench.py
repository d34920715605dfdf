#!/usr/bin/env python3
"""make serve-bench: the figures of `ravi serve`, on loopback only, under a bounded load.

1. Time to first byte of one paragraph on an idle server (the issue asks <= 50 ms).
2. Throughput at 1 and at 2 workers on the same mix of 1-5 KB articles (OpenAI's endpoint,
   MP3, as Open WebUI asks for it), each with enough clients to keep its workers busy; the best
   of three rounds each (the machine is shared: its load average is printed). The issue asks
   2 workers >= 1.8 x 1 worker.
3. 8 clients for 60 s (BENCH_SECONDS) at 2 workers: errors (must be 0), p50 and p99 of the time
   to first byte and of the total time, and memory: each worker's peak RSS and the pages it wrote
   itself (from the server's log) early and late in the run, and the server's and the zygote's
   RSS at the start and at the end.

Each figure is printed next to its target, `ok` or `MISSED`, as `make bench` prints its own; the
status is 1 when one is missed. The wall-clock throughput depends on what else the machine runs:
beside it, a ratio from CPU time (repeatable under load) says what two free cores would give.

Needs RAVI (the binary). Articles come from samples/ (the project's own).
"""
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(ROOT, "tools"))
from serve_proc import children  # noqa: E402
RAVI = os.environ["RAVI"]
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
ROUND_SECONDS = float(os.environ.get("BENCH_ROUND_SECONDS", "12"))
SAMPLES = [open(os.path.join(ROOT, "samples", f), encoding="utf-8").read().strip()
           for f in sorted(os.listdir(os.path.join(ROOT, "samples"))) if f.endswith(".txt")]


def article_mix():
    """Articles of about 1, 2, 3, 4 and 5 KB, made of the samples."""
    mix = []
    for kb in (1, 2, 3, 4, 5):
        text, i = "", 0
        while len(text.encode()) < kb * 1000 - 200:
            text += ("\n" if text else "") + SAMPLES[i % len(SAMPLES)]
            i += 1
        mix.append(text)
    return mix


class Server:
    def __init__(self, workers, queue):
        self.log = tempfile.NamedTemporaryFile("w+", prefix="ravi-serve-bench-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([RAVI, "serve", "--listen", "127.0.0.1:0", "--wyoming", "off",
                                      "--workers", str(workers), "--queue", str(queue), "--timeout", "120"],
                                     stderr=self.log, stdout=subprocess.DEVNULL, env=dict(os.environ, RAVI_DATA=ROOT))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.text())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start: " + self.text())

    def text(self):
        with open(self.log.name, encoding="utf-8") as f:
            return f.read()

    def zygote(self):
        keeper = children(self.proc.pid)
        z = children(keeper[0]) if keeper else []
        return z[0] if z else None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        os.unlink(self.log.name)


def cpu_seconds(pid, children_too=False):
    """CPU time of a process (and, with children_too, of its children it has reaped)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children_too:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        return 0


def speak(port, text, fmt="mp3"):
    """(time to first body byte, total time, bytes, status) of one request."""
    body = json.dumps({"model": "tts-1", "input": text, "voice": "alloy", "response_format": fmt}).encode()
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("POST", "/v1/audio/speech", body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    first = resp.read(1)
    ttfb = time.monotonic() - started
    size = len(first)
    while True:
        chunk = resp.read(1 << 16)
        if not chunk:
            break
        size += len(chunk)
    total = time.monotonic() - started
    conn.close()
    return ttfb, total, size, resp.status


def round_trip(port, path, body):
    """Seconds for one whole request."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body=body)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError("%s: status %d" % (path, resp.status))
    return time.monotonic() - started


def load(port, clients, seconds, mix):
    """Each client sends the mix round and round for `seconds`; returns the results."""
    results, errors = [], []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(k):
        i = k
        while time.monotonic() < stop:
            try:
                r = speak(port, mix[i % len(mix)])
                with lock:
                    (results if r[3] == 200 else errors).append(r)
            except Exception as e:  # a failed request is counted, never hidden
                with lock:
                    errors.append((0, 0, 0, repr(e)))
            i += 1
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors, time.monotonic() - started


def report(name, value, target, ok):
    print(f"  {name:<52} {value:>12}   target {target:<10} {'ok' if ok else 'MISSED'}")
    return ok


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class WorkerSampler:
    """Samples, 20 times a second, the worker children under a zygote: how many there are and
    how many are running or runnable (R) rather than sleeping. Workers that are there and
    runnable but slow are waiting for a core the machine's other work holds, not for the server."""

    def __init__(self, zygote, workers):
        self.zygote, self.workers = zygote, workers
        self.samples = self.all_there = self.runnable = self.present = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        while not self.stop.wait(0.05):
            states = []
            for pid in children(self.zygote):
                try:
                    with open("/proc/%d/stat" % pid) as f:
                        states.append(f.read().rsplit(")", 1)[1].split()[0])
                except OSError:
                    pass
            states = [st for st in states if st != "Z"]
            self.samples += 1
            self.all_there += len(states) >= self.workers
            self.present += len(states)
            self.runnable += states.count("R")

    def finish(self):
        self.stop.set()
        self.thread.join()
        return (100.0 * self.all_there / max(1, self.samples), 100.0 * self.runnable / max(1, self.present))


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def ttfb_idle():
    s = Server(2, 8)
    ok = True
    try:
        paragraph = SAMPLES[0].split("\n")[2] if len(SAMPLES[0].split("\n")) > 2 else SAMPLES[0]
        print("  one paragraph (%d bytes), one request at a time, 20 each (load average %s)"
              % (len(paragraph.encode()), loadavg()))
        for fmt in ("mp3", "wav", "opus"):
            speak(s.port, paragraph, fmt)  # warm the page cache
            times = [speak(s.port, paragraph, fmt)[0] * 1000 for _ in range(20)]
            ok &= report("time to first byte, %s, median (p99 %.1f ms)" % (fmt, pct(times, 99)),
                         "%.1f ms" % pct(times, 50), "<= 50 ms", pct(times, 50) <= 50)
        # what a fresh worker per request costs: a whole request whose job is next to nothing
        times = [round_trip(s.port, "/normalize", "سلام".encode()) * 1000 for _ in range(50)]
        print("  a fresh worker's round trip (fork, a one-word normalize, exit; the whole HTTP request): "
              "median %.1f ms, p99 %.1f ms" % (pct(times, 50), pct(times, 99)))
    finally:
        s.stop()
    return ok


def throughput(mix):
    """Wall-clock throughput, and where the CPU went: the workers' (the zygote's reaped children),
    the server's own and the load client's, per article. The rounds at 1 and at 2 workers take
    turns (each server idle while the other runs), so that a change in the machine's other load
    falls on both. On a machine others share, the wall clock depends on their load; the CPU per
    article much less."""
    servers = {}
    best = {1: (0, None), 2: (0, None)}
    ok = True
    try:
        for workers in (1, 2):
            servers[workers] = Server(workers, 16)
        for _ in range(3):
            for workers, s in servers.items():
                zygote = s.zygote()
                before = (cpu_seconds(zygote, True), cpu_seconds(s.proc.pid), sum(os.times()[:2]))
                sampler = WorkerSampler(zygote, workers)
                results, errors, elapsed = load(s.port, workers * 2, ROUND_SECONDS, mix)
                busy = sampler.finish()
                after = (cpu_seconds(zygote, True), cpu_seconds(s.proc.pid), sum(os.times()[:2]))
                if errors:
                    ok = False
                    print("  errors at %d workers: %s" % (workers, errors[:3]))
                if len(results) / elapsed > best[workers][0]:
                    best[workers] = (len(results) / elapsed,
                                     [(a - b) / max(1, len(results)) * 1000 for a, b in zip(after, before)], busy)
        for workers, (rate, cpu, busy) in best.items():
            print("  %d worker%s: %.2f articles/s (best of 3 rounds of %.0f s, %d clients; load average %s); "
                  "CPU per article: workers %.0f ms, server %.0f ms, client %.0f ms; all %d workers at work "
                  "%.0f%% of the time, runnable %.0f%% of it"
                  % (workers, "s" if workers > 1 else "", rate, ROUND_SECONDS, workers * 2, loadavg(), *cpu,
                     workers, *busy))
    finally:
        for s in servers.values():
            s.stop()
    ratio = best[2][0] / best[1][0]
    ok &= report("throughput, 2 workers / 1 worker, wall clock", "%.2f x" % ratio, ">= 1.8 x", ratio >= 1.8)
    # What two free cores would give, from the CPU per article of the 2-worker run (a loaded
    # machine inflates CPU times, so both sides take the same run's): one worker keeps a core
    # busy (the server and the client fit in the other); two share both cores with the server
    # and the client.
    worker, server, client = best[2][1]
    print("  from CPU time, two free cores: 1 worker %.2f articles/s, 2 workers %.2f: %.2f x"
          % (1000 / worker, 2000 / (worker + server + client), 2 * worker / (worker + server + client)))
    return ok


def sustained(mix):
    s = Server(2, 16)
    try:
        zygote = s.zygote()
        server_rss = [rss_kb(s.proc.pid)]
        zygote_rss = [rss_kb(zygote)]
        sampler_stop = threading.Event()

        def sample():
            while not sampler_stop.wait(1):
                server_rss.append(rss_kb(s.proc.pid))
                zygote_rss.append(rss_kb(zygote))
        t = threading.Thread(target=sample)
        t.start()
        results, errors, elapsed = load(s.port, 8, SECONDS, mix)
        sampler_stop.set()
        t.join()
        time.sleep(0.5)
        ok = report("8 clients, %.0f s: errors" % elapsed, "%d" % len(errors), "0", not errors)
        ttfb = [r[0] * 1000 for r in results]
        total = [r[1] * 1000 for r in results]
        print("  8 clients, %.0f s, 2 workers: %d requests, %d errors, %.2f articles/s (load average %s)"
              % (elapsed, len(results), len(errors), len(results) / elapsed, loadavg()))
        for e in errors[:5]:
            print("    error: %s" % (e,))
        print("  time to first byte: p50 %.0f ms, p99 %.0f ms (a request waits in the queue while both workers are busy)"
              % (pct(ttfb, 50), pct(ttfb, 99)))
        print("  total time:         p50 %.0f ms, p99 %.0f ms" % (pct(total, 50), pct(total, 99)))
        lines = re.findall(r"POST /v1/audio/speech status=200 .*worker_rss_kb=(\d+) worker_private_kb=(\d+)", s.text())
        rss = [int(a) for a, _ in lines]
        own = [int(b) for _, b in lines]
        tenth = max(1, len(lines) // 10)
        early, late = statistics.median(own[:tenth]), statistics.median(own[-tenth:])
        print("  memory per worker (peak RSS / pages it wrote itself), median of the first and last %d requests: "
              "%d / %d KB, then %d / %d KB" % (tenth, statistics.median(rss[:tenth]), early,
                                             statistics.median(rss[-tenth:]), late))
        ok &= report("memory per worker, last / first tenth of the run", "%+d KB" % (late - early), "flat (< 10%)",
                     late <= early * 1.1)
        # the server's own memory once its first requests have made their buffers
        settled = server_rss[max(1, len(server_rss) // 10)]
        print("  RSS of the server: %d KB at the start, %d KB after a tenth of the run, %d KB at the end (max %d); "
              "of the zygote: %d KB, %d KB" % (server_rss[0], settled, server_rss[-1], max(server_rss),
                                               zygote_rss[0], zygote_rss[-1]))
        ok &= report("RSS of the server, end / after a tenth of the run", "%+d KB" % (server_rss[-1] - settled),
                     "flat (< 10%)", server_rss[-1] <= settled * 1.1)
        return ok
    finally:
        s.stop()


def main():
    mix = article_mix()
    print("serve bench: articles of %s bytes; loopback; %s" % (", ".join(str(len(a.encode())) for a in mix), RAVI))
    print("serve bench: time to first byte, idle server")
    ok = ttfb_idle()
    print("serve bench: throughput")
    ok &= throughput(mix)
    print("serve bench: 8 clients, 2 workers, %.0f s" % SECONDS)
    ok &= sustained(mix)
    print("serve bench: " + ("all targets met" if ok else "some targets MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
