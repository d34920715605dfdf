#!/usr/bin/env python3
"""make bench-sd: how fast sd_ravi answers, the figures a screen-reader user feels.

1. The module alone, driven over a pipe as the server drives it:
   - first audio: from the closing line of a short SPEAK to its first 705 AUDIO event;
   - STOP: from STOP to the 703 STOP event (the child killed, queued audio dropped).
2. With the real speech-dispatcher (private, its audio into a PulseAudio null sink whose monitor
   is recorded, blocks timestamped as they arrive):
   - first audio: from the closing line of a short SSIP SPEAK to the first sample of sound;
   - STOP: from SSIP STOP to the first sample of the silence that follows (250 ms of it).
   A sample's time is its block's arrival less the samples after it in the block; the server,
   PulseAudio and the monitor's own capture latency (5 ms asked) are in the figures, so they are
   upper bounds of what the module and the server take. The first message after the server starts is left out (the server opens its
   audio device then: about a second, shown apart).
Targets (issue 13): STOP silent within 50 ms, first audio within 60 ms. Timings are wall clock:
best and median of N runs; a busy machine shows in the medians more than in the best.
SD_RAVI names the module, RAVI_DATA Ravi's data."""
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "sd"))
from sdproto import Module  # noqa: E402
from sdserver import PrivateServer  # noqa: E402

SHORT = "سلام"
# no sentence ends: the only silence after a STOP is the STOP's
LONG = " ".join(["سازمان هواشناسی کشور از بارش باران در دوازده استان خبر داد و"] * 12)
RUNS = int(os.environ.get("SD_BENCH_RUNS", "20"))
FIRST_AUDIO_TARGET_MS = 60
STOP_TARGET_MS = 50


def summary(name, values, target):
    good = [v for v in values if v is not None]
    if not good:
        print("  %-44s no measurement" % name)
        return False
    best, median, worst = min(good), statistics.median(good), max(good)
    ok = target is None or median <= target
    goal = "" if target is None else "; target %d ms: %s" % (target, "met" if ok else "MISSED")
    print("  %-44s best %6.1f  median %6.1f  worst %6.1f ms  (%d runs%s)"
          % (name, best, median, worst, len(good), goal))
    return ok


def module_alone(binary):
    tmp = tempfile.mkdtemp(prefix="sd-bench.")  # the module's log, removed with it
    m = Module(binary, [], {"TMPDIR": tmp}, log_path=os.path.join(tmp, "module.log"))
    try:
        m.init()
        first, stop, fork = [], [], []
        for _ in range(RUNS):
            m.set()
            m.send("SPEAK\n")
            m.expect(202)
            sent = time.monotonic()  # before the write: the module may answer before it returns
            m.send("<speak>%s</speak>\n.\n" % SHORT)
            reply = m.expect(200)
            fork.append((reply.at - sent) * 1000)
            got = m.until_end()
            audio = [g for g in got if g.code == 705]
            first.append((audio[0].at - sent) * 1000 if audio else None)
        for _ in range(RUNS):
            m.set()
            m.speak("<speak>%s</speak>" % LONG)
            while m.read().code != 705:
                pass
            sent = time.monotonic()
            m.send("STOP\n")  # (timed from before the write, as above)
            end = m.until_end()[-1]
            stop.append((end.at - sent) * 1000 if end.code == 703 else None)
        m.quit()
    finally:
        m.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("sd_ravi alone (over a pipe)")
    summary("SPEAK -> 200 OK (the child forked)", fork, None)
    ok = summary("SPEAK -> first 705 AUDIO", first, FIRST_AUDIO_TARGET_MS)
    ok &= summary("STOP -> 703 STOP", stop, STOP_TARGET_MS)
    return ok


def with_server(binary):
    tmp = tempfile.mkdtemp(prefix="sd-bench.")
    server = PrivateServer(binary, tmp)
    ok = True
    try:
        rec = server.record()
        time.sleep(0.3)
        client = server.ssip()
        sent = client.speak(SHORT)
        heard = rec.wait_for(lambda: rec.first_sound_after(sent), 10)
        opening = (heard - sent) * 1000 if heard else None
        time.sleep(1.0)
        first, stop = [], []
        for _ in range(RUNS):
            sent = client.speak(SHORT)
            heard = rec.wait_for(lambda: rec.first_sound_after(sent), 5)
            first.append((heard - sent) * 1000 if heard else None)
            time.sleep(1.0)
        for _ in range(RUNS):
            sent = client.speak(LONG)
            rec.wait_for(lambda: rec.first_sound_after(sent), 5)
            time.sleep(0.8)
            asked = time.monotonic()
            client.command("STOP self")
            quiet = rec.wait_for(lambda: rec.silence_after(asked), 5)
            stop.append((quiet - asked) * 1000 if quiet else None)
            time.sleep(0.3)
        client.close()
        rec.stop()
        print("speech-dispatcher %s with sd_ravi, PulseAudio null sink (heard at its monitor)"
              % speechd_version())
        print("  %-44s %6.0f ms (the server opens its audio device)" % ("first message after start",
                                                                         opening or -1))
        ok &= summary("SPEAK -> first sound", first, FIRST_AUDIO_TARGET_MS)
        ok &= summary("STOP -> silence", stop, STOP_TARGET_MS)
    finally:
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return ok


def speechd_version():
    try:
        import subprocess
        out = subprocess.run(["speech-dispatcher", "-v"], capture_output=True, text=True).stdout
        return out.splitlines()[0].split()[-1] if out else "?"
    except (OSError, IndexError):
        return "?"


def main():
    binary = os.environ.get("SD_RAVI") or sys.argv[1]
    print("bench: sd_ravi responsiveness (%d runs each)" % RUNS)
    module_alone(binary)
    with_server(binary)


if __name__ == "__main__":
    main()
