#!/usr/bin/env python3
"""sd_ravi with the real speech-dispatcher daemon, started privately (its own HOME,
XDG_RUNTIME_DIR, configuration, module directory and socket) and playing into a PulseAudio null
sink that this test starts and records: what `spd-say -o ravi -l fa` is heard, a cancel during a
long message, a synthesis process killed mid-message, and the voice list a client sees.

SD_RAVI names the module, RAVI the ravi command (the reference rendering), RAVI_DATA the data."""
import array
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdserver import PrivateServer, voiced_seconds  # noqa: E402

SENTENCE = "سازمان هواشناسی کشور از بارش باران در ۱۲ استان خبر داد."
LONG = " ".join([SENTENCE] * 30)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def reference_seconds(tmp, text, voice="ravi-male"):
    """How much sound ravi makes of the text, written to a file (the module speaks at the same
    rate); silences left out, as from the recording."""
    pcm = subprocess.run([os.environ["RAVI"], "say", "--voice", voice, "--raw", "-o", "-", "-"],
                         input=text.encode(), stdout=subprocess.PIPE, check=True).stdout
    return voiced_seconds(array.array("h", pcm[:len(pcm) // 2 * 2]))


def test_spd_say_is_heard(server, tmp):
    rec = server.record()
    try:
        time.sleep(0.3)
        start = time.monotonic()
        r = server.spd_say("-w", "-o", "ravi", "-l", "fa", SENTENCE)
        check(r.returncode == 0, "spd-say exited %d: %s" % (r.returncode, r.stderr))
        time.sleep(0.3)
        heard = rec.voiced_seconds(start, time.monotonic())
        loud = rec.rms(start, time.monotonic())
    finally:
        rec.stop()
    want = reference_seconds(tmp, SENTENCE)
    check(abs(heard - want) <= 0.15 * want, "heard %.2f s of speech, ravi says it in %.2f s" % (heard, want))
    check(loud > 0.02, "silence arrived (RMS %.3f)" % loud)


def test_rate_and_voice_reach_the_module(server, tmp):
    rec = server.record()
    try:
        time.sleep(0.3)
        marks = []
        for args in (["-r", "60"], ["-y", "ravi-female"]):
            start = time.monotonic()
            server.spd_say("-w", "-o", "ravi", "-l", "fa", *args, SENTENCE)
            marks.append((start, time.monotonic()))
    finally:
        rec.stop()
    fast = rec.voiced_seconds(*marks[0])
    want = reference_seconds(tmp, SENTENCE)
    check(fast < 0.8 * want, "spd-say -r 60: %.2f s, not faster than %.2f s" % (fast, want))
    female = rec.voiced_seconds(*marks[1])
    check(abs(female - reference_seconds(tmp, SENTENCE, "ravi-female")) < 0.15 * want,
          "spd-say -y ravi-female: %.2f s" % female)


def test_cancel_during_a_long_message(server, tmp):
    rec = server.record()
    try:
        time.sleep(0.3)
        long_say = server.spd_say_background("-o", "ravi", "-l", "fa", LONG)
        began = rec.wait_for(lambda: rec.first_sound_after(0), 10)
        check(began is not None, "the long message was not heard")
        time.sleep(1.0)
        asked = time.monotonic()
        server.spd_say("-C")
        quiet = rec.wait_for(lambda: rec.silence_after(asked, quiet=1.0), 10)
        long_say.wait(10)
        check(quiet is not None, "still speaking after the cancel")
        check(quiet - asked < 0.5, "silent %.0f ms after the cancel" % ((quiet - asked) * 1000))
        heard = rec.voiced_seconds(0, time.monotonic())
    finally:
        rec.stop()
    check(heard < 3.0, "%.1f s of a %d-sentence message heard: it was not stopped" % (heard, 30))
    check(server.module_pid(), "the module is still there")
    r = server.spd_say("-w", "-o", "ravi", "-l", "fa", "سلام")
    check(r.returncode == 0, "spd-say after the cancel")


def test_crash_mid_message_costs_one_message(server, tmp):
    rec = server.record()
    try:
        time.sleep(0.3)
        module = server.module_pid()
        long_say = server.spd_say_background("-o", "ravi", "-l", "fa", LONG)
        check(rec.wait_for(lambda: rec.first_sound_after(0), 10), "the long message was not heard")
        kids = server.speaking_pids()
        check(len(kids) == 1, "one synthesis process: %r" % kids)
        os.kill(kids[0], signal.SIGSEGV)
        long_say.wait(10)
        # the audio made before the crash plays out first, then the module reports it
        logged = rec.wait_for(lambda: "crashed (signal 11" in server.log("ravi.log") or None, 20)
        check(logged, "the module's log says it crashed: %s" % server.log("ravi.log"))
        rec.wait_for(lambda: rec.silence_after(time.monotonic() - 0.3, quiet=0.3), 10)
        start = time.monotonic()
        r = server.spd_say("-w", "-o", "ravi", "-l", "fa", SENTENCE)
        heard = rec.voiced_seconds(start, time.monotonic())
    finally:
        rec.stop()
    check(r.returncode == 0 and heard > 1.0, "the next message was heard (%.2f s)" % heard)
    check(server.module_pid() == module, "the same module process carries on")


def test_voices_a_client_sees(server, tmp):
    r = server.spd_say("-o", "ravi", "-L")
    lines = [l.split() for l in r.stdout.decode().splitlines()]
    check(["ravi-male", "fa-IR", "none"] in lines and ["ravi-female", "fa-IR", "none"] in lines,
          "spd-say -L: %s" % r.stdout.decode())


def main():
    sd_ravi = os.environ["SD_RAVI"]
    print("sd_ravi with speech-dispatcher (%s)" % sd_ravi)
    tmp = tempfile.mkdtemp(prefix="sd-ravi-e2e.")
    passed = failed = 0
    server = None
    try:
        server = PrivateServer(sd_ravi, tmp)
        # the first message opens the server's audio device (about a second): out of the way
        server.spd_say("-w", "-o", "ravi", "-l", "fa", "سلام")
        for name, test in [(k, v) for k, v in globals().items() if k.startswith("test_")]:
            try:
                test(server, tmp)
                passed += 1
                print("  ok   %s" % name)
            except Exception:
                failed += 1
                print("  FAIL %s" % name)
                traceback.print_exc(limit=3)
                print(server.log("ravi.log")[-2000:])
    except Exception:
        failed += 1
        traceback.print_exc()
    finally:
        if server:
            server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("sd-e2e: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
