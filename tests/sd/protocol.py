#!/usr/bin/env python3
"""sd_ravi driven over a pipe as speech-dispatcher drives it: every command of the protocol, the
events of a message in their order (701, marks, 705 audio, 702/703/704), settings that change what
is heard, spelling, characters and keys by name, STOP and PAUSE, a synthesis process killed with
SIGSEGV and SIGABRT mid-message, and bad input (an unknown SET value, a SPEAK without its closing
line, no INIT, a bad ravi.conf): a logged error and an answer, never a crash.

    protocol.py SD_RAVI              the whole suite
    protocol.py --valgrind SD_RAVI   a short session under valgrind memcheck (no errors, no leaks)
RAVI_DATA names Ravi's data directory."""
import array
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdproto import Module, audio_of, seconds  # noqa: E402

SENTENCE = "سازمان هواشناسی کشور از بارش باران در ۱۲ استان خبر داد."
LONG = " ".join([SENTENCE] * 40)


def orca_ssml(text):
    """Text as Orca sends it: a mark "start:end" before every word (offsets in characters)."""
    out, pos = ["<speak>"], 0
    for word in text.split(" "):
        out.append('<mark name="%d:%d"/>%s ' % (pos, pos + len(word), word))
        pos += len(word) + 1
    out.append("</speak>")
    return "".join(out)


def server_ssml(text):
    """Text as speech-dispatcher's server marks it for PAUSE: __spd_N after each sentence end."""
    parts = text.split(". ")
    return "<speak>" + "".join('%s.<mark name="__spd_%d"/> ' % (p.rstrip("."), i)
                               for i, p in enumerate(parts)) + "</speak>"


def rms(audio):
    a = array.array("h", audio)
    return (sum(x * x for x in a) / max(1, len(a))) ** 0.5


class Suite:
    def __init__(self, binary):
        self.binary = binary
        self.tmp = tempfile.mkdtemp(prefix="sd-ravi-test.")
        self.passed = self.failed = 0
        self.modules = []

    def module(self, args=(), env=None, wrap=()):
        env = dict(env or {})
        env.setdefault("TMPDIR", self.tmp)
        m = Module(self.binary, args, env, wrap,
                   log_path=os.path.join(self.tmp, "log-%d" % len(self.modules)))
        self.modules.append(m)
        return m

    def ready(self, **kw):
        m = self.module(**kw)
        m.init()
        return m

    def run(self, tests):
        for t in tests:
            name = t.__name__
            try:
                t(self)
                self.passed += 1
                print("  ok   %s" % name)
            except Exception:
                self.failed += 1
                print("  FAIL %s" % name)
                traceback.print_exc(limit=3)
            finally:
                for m in self.modules:
                    m.close()
                self.modules = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- the commands --------------------------------------------------------------------------

def test_init_audio_loglevel_and_voices(s):
    m = s.module()
    hello = m.init()
    check("Ravi" in hello.lines[0], "INIT's message: %r" % hello)
    voices = m.command("LIST VOICES", done_code=200)
    names = {l.split("\t")[0]: l.split("\t")[1:] for l in voices.lines[:-1]}
    check(voices.text == "OK VOICE LIST SENT", "LIST VOICES ends: %r" % voices)
    check(names.get("ravi-male") == ["fa-IR", "none"], "ravi-male for fa-IR: %r" % names)
    check("ravi-female" in names and "fa" in names, "Ravi's voices and eSpeak's fa: %r" % names)
    m.command("DEBUG ON %s/debug.log " % s.tmp, done_code=200)
    m.say("<speak>سلام</speak>")
    m.command("DEBUG OFF ", done_code=200)
    with open(os.path.join(s.tmp, "debug.log"), encoding="utf-8") as f:
        check("SPEAK" in f.read(), "DEBUG ON: the file logs the messages")
    check(m.quit().code == 210, "QUIT answers 210")
    check(m.proc.returncode == 0, "QUIT: exit status %s" % m.proc.returncode)


def test_speak_events_in_order(s):
    m = s.ready()
    words = "سازمان هواشناسی کشور اعلام کرد"
    got = m.say(orca_ssml(words))
    want, pos = [], 0
    for w in words.split(" "):
        want.append("%d:%d" % (pos, pos + len(w)))
        pos += len(w) + 1
    codes = [g.code for g in got]
    check(codes[0] == 701, "701 BEGIN first: %r" % got[:3])
    check(codes[-1] == 702 and codes.count(702) == 1, "702 END last and once")
    marks = [g.lines[0] for g in got if g.code == 700]
    check(marks == want, "every word's mark in order: %r, not %r" % (marks, want))
    check(codes.index(700) < codes.index(705), "the first mark before the first audio")
    # each mark after its word's audio started: the later marks come after some audio
    check(codes[codes.index(705):].count(700) == 4, "marks between the audio: %r" % codes)
    for g in got:
        if g.code == 705:
            check(g.params == {"bits": 16, "num_channels": 1, "sample_rate": 22050,
                               "num_samples": len(g.audio) // 2, "big_endian": 0},
                  "705 headers: %r" % g.params)
    check(1.0 < seconds(got) < 4.0, "five words last %.2f s" % seconds(got))
    check(rms(audio_of(got)) > 1000, "audio, not silence: RMS %.0f" % rms(audio_of(got)))


def test_same_message_same_samples(s):
    m = s.ready()
    a = audio_of(m.say(orca_ssml(SENTENCE)))
    b = audio_of(m.say(orca_ssml(SENTENCE)))
    check(a == b, "the same message twice: %d and %d bytes, not identical" % (len(a), len(b)))


def test_rate_pitch_volume_voice_change_the_sound(s):
    m = s.ready()
    text = "<speak>%s</speak>" % SENTENCE
    normal = m.say(text)
    fast, slow = m.say(text, rate=60), m.say(text, rate=-60)
    check(seconds(fast) < seconds(normal) < seconds(slow),
          "rate 60, 0, -60: %.2f %.2f %.2f s" % (seconds(fast), seconds(normal), seconds(slow)))
    quiet = m.say(text, volume=-60)
    check(rms(audio_of(quiet)) < 0.5 * rms(audio_of(normal)), "volume -60 is quieter")
    high = m.say(text, pitch=80)
    check(audio_of(high) != audio_of(normal), "pitch 80 changes the sound")
    female = m.say(text, synthesis_voice="ravi-female")
    voice_type = m.say(text, voice="female1")
    check(audio_of(female) != audio_of(normal), "synthesis_voice=ravi-female changes the voice")
    check(audio_of(voice_type) == audio_of(female), "voice=female1 is ravi-female")
    unknown = m.say(text, synthesis_voice="no-such-voice", voice="male1")
    check(audio_of(unknown) == audio_of(normal), "an unknown synthesis voice: the default voice")
    english = m.say(text, language="en")
    check(audio_of(english) == audio_of(normal), "another language: Ravi reads Persian all the same")


def test_punctuation_modes(s):
    m = s.ready()
    none = m.say("<speak>.</speak>")
    check(not audio_of(none) and none[-1].code == 702, "a full stop alone, punctuation none: END, silent")
    named = m.say("<speak>.</speak>", punctuation_mode="all")
    check(seconds(named) > 0.2, "punctuation all names it (%.2f s)" % seconds(named))
    some = m.say("<speak>@</speak>", punctuation_mode="some")
    check(seconds(some) > 0.2, "punctuation some names @")


def test_characters_and_keys_by_name(s):
    m = s.ready()
    same = [
        ("CHAR", "ب", {}, "بِ"),
        ("CHAR", "space", {}, "فاصله"),
        ("CHAR", "۵", {}, "پنج"),
        ("CHAR", "؟", {}, "علامتِ سؤال"),
        ("CHAR", "A", {"cap_let_recogn": "spell"}, "اِی بزرگ"),
        ("CHAR", "A", {}, "اِی"),
        ("KEY", "control_alt_delete", {}, "کنترل، آلْت، دِلیت"),
        ("KEY", "shift_a", {}, "شیفت، اِی"),
        ("KEY", "kp-enter", {}, "کی‌پد، اینتر"),
        ("KEY", "f12", {}, "اِف، 12"),
        ("KEY", "underscore", {}, "آندِرلاین"),
        ("KEY", "ی", {}, "یِ"),
    ]
    for kind, data, params, name in same:
        got = m.say(data, kind=kind, **params)
        ref = m.say("<speak>%s</speak>" % name)
        check(got[-1].code == 702 and audio_of(got), "%s %s is spoken" % (kind, data))
        check(audio_of(got) == audio_of(ref), "%s %s is «%s»" % (kind, data, name))
    m.speak("ب\nپ", kind="CHAR", reply=305)


def test_spelling_mode(s):
    m = s.ready()
    spelt = m.say('<speak>با <mark name="x"/>آب</speak>', spelling_mode="on")
    ref = m.say('<speak>بِ، اَلِف. <mark name="x"/>اَلِفِ مَدّ، بِ</speak>')
    check(audio_of(spelt) == audio_of(ref), "spelling: every letter by its name, words apart")
    check([g.lines[0] for g in spelt if g.code == 700] == ["x"], "spelling keeps the marks")
    digits = m.say("<speak>۱۲</speak>", spelling_mode="on")
    check(audio_of(digits) == audio_of(m.say("<speak>یک، دو</speak>")), "digits spelt one by one")


def test_stop_silences_and_the_module_carries_on(s):
    m = s.ready()
    m.set()
    m.speak(server_ssml(LONG))
    got = [m.read(), m.read()]
    check(any(g.code == 705 for g in got), "audio began: %r" % got)
    sent = time.monotonic()
    m.send("STOP\n")
    rest = m.until_end(5.0)
    check(rest[-1].code == 703, "STOP ends with 703 STOP: %r" % rest[-3:])
    check(rest[-1].at - sent < 0.5, "703 came %.0f ms after STOP" % ((rest[-1].at - sent) * 1000))
    check(m.read(0.3) is None, "nothing after 703")
    check(not m.children(), "the synthesis process is gone")
    m.send("STOP\n")  # nothing to stop: no answer, no harm
    check(m.read(0.2) is None, "a STOP with nothing spoken has no answer")
    again = m.say("<speak>سلام</speak>")
    check(again[-1].code == 702 and audio_of(again), "the next message is spoken")


def test_a_burst_of_stops(s):
    # a screen reader stops and speaks at every key: more killed processes than the module keeps
    # track of at once (16) must all be reaped, none left a zombie, and the module speaks on
    m = s.ready()
    m.set()
    for i in range(24):
        m.speak(server_ssml(LONG))
        m.send("STOP\n")
        rest = m.until_end(5.0)
        check(rest and rest[-1].code in (702, 703), "message %d ends: %r" % (i, rest[-2:]))
    deadline = time.monotonic() + 2.0
    while m.children() and time.monotonic() < deadline:
        time.sleep(0.02)
    check(not m.children(), "killed processes are reaped: %r" % m.children())
    again = m.say("<speak>سلام</speak>")
    check(again[-1].code == 702 and audio_of(again), "the next message is spoken")


def test_pause_at_the_next_server_mark(s):
    m = s.ready()
    m.set()
    m.speak(server_ssml(LONG))
    m.read()
    m.send("PAUSE\n")
    got = m.until_end(10.0)
    check(got[-1].code == 704, "PAUSE ends with 704: %r" % got[-3:])
    check(got[-2].code == 700 and got[-2].lines[0].startswith("__spd_"),
          "paused right after a __spd_ mark: %r" % got[-3:])
    check(m.read(0.3) is None, "nothing after 704")
    check(m.say("<speak>سلام</speak>")[-1].code == 702, "the module speaks on")


# Under AddressSanitizer (make test SANITIZE=1) a SIGSEGV would be caught by ASan's handler and
# become exit status 1; the test wants the signal death eSpeak NG's crash is.
NO_ASAN_SEGV = {"ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "handle_segv=0"]))}


def crash(s, sig):
    m = s.ready(env=NO_ASAN_SEGV)
    m.set()
    m.speak(server_ssml(LONG))
    first = m.read()
    check(first is not None and first.code in (700, 701, 705), "the message began: %r" % first)
    kids = m.children()
    check(len(kids) == 1, "one synthesis process: %r" % kids)
    os.kill(kids[0], sig)
    got = m.until_end(10.0)
    check(got[-1].code == 703, "a crashed synthesis is one stopped message: %r" % got[-3:])
    check("crashed (signal %d" % sig in m.log(), "the log says it crashed: %s" % m.log())
    for _ in range(2):
        again = m.say(orca_ssml("سلام دنیا"))
        check(again[-1].code == 702 and audio_of(again), "the module carries on: %r" % again[-2:])
    check(m.proc.poll() is None, "the module is alive")


def test_synthesis_crash_sigsegv(s):
    crash(s, signal.SIGSEGV)


def test_synthesis_crash_sigabrt(s):
    crash(s, signal.SIGABRT)


def test_bad_settings_are_logged_errors(s):
    m = s.ready()
    cases = [
        (["rate=fast"], "rate=fast: expected a whole number from -100 to 100"),
        (["rate=101"], "rate=101"),
        (["punctuation_mode=loud"], "punctuation_mode=loud: expected none, some, most or all"),
        (["spelling_mode=maybe"], "spelling_mode=maybe"),
        (["cap_let_recogn=shout"], "cap_let_recogn=shout"),
        (["voice=robot"], "voice=robot"),
        (["no equals sign"], "not name=value"),
    ]
    for lines, logged in cases:
        r = m.command("SET", lines, 203)
        check(r.code == 303, "SET %s: 303, not %r" % (lines, r))
        check(logged in m.log(), "the log names %r: %s" % (logged, m.log()[-300:]))
    check(m.command("SET", ["future_parameter=1"], 203).code == 203, "an unknown parameter is ignored")
    check(m.command("AUDIO", ["audio_output_method=alsa"], 207).code == 303, "only server audio")
    check(m.command("LOGLEVEL", ["log_level=loud"], 207).code == 303, "a bad log level")
    check(m.command("FROBNICATE").code == 300, "an unknown command: 300")
    check(m.command("DEBUG SIDEWAYS").code == 302, "a bad DEBUG")
    check(m.command("DEBUG ON /nonexistent/dir/x.log").code == 303, "DEBUG ON an unwritable file")
    m.set(rate=20)
    check(m.speak("", reply=301).code == 301, "an empty message cannot be spoken")
    got = m.say("<speak>سلام</speak>", rate=20)
    check(got[-1].code == 702 and audio_of(got), "after all that, it speaks")


def test_odd_messages(s):
    m = s.ready()
    broken = m.say("<speak>سلام <b>دنیا</speak>")
    check(broken[-1].code == 702 and seconds(broken) > 0.5, "SSML that is not well-formed is read")
    check("read as HTML instead" in m.log(), "and the log says how")
    controls = m.say("<speak>سلام\x01\x1b دنیا</speak>")
    check(audio_of(controls) == audio_of(m.say("<speak>سلام   دنیا</speak>")),
          "control characters are spaces")
    dots = m.say("<speak>سلام\n.\n..\nدنیا</speak>")
    check(dots[-1].code == 702 and audio_of(dots), "lines of dots (escaped by the server)")
    empty = m.say("<speak></speak>")
    check(empty[-1].code == 702 and not audio_of(empty), "nothing to say: END")
    m.set()
    m.speak(server_ssml(LONG))
    m.send("SPEAK\n")
    rest = []
    while True:
        g = m.read()
        check(g is not None, "an answer to the second SPEAK")
        if g.code == 202:
            break
        rest.append(g)
    m.send("<speak>x</speak>\n.\n")
    while True:
        g = m.read()
        if g.code not in (700, 701, 705):
            break
    check(g.code == 301, "a SPEAK during a message is refused: %r" % g)
    m.send("STOP\n")
    check(m.until_end()[-1].code == 703, "and the first is stopped")


def test_sound_icons(s):
    icons = os.path.join(s.tmp, "icons")
    os.makedirs(icons, exist_ok=True)
    open(os.path.join(icons, "bell.wav"), "wb").close()
    conf = os.path.join(s.tmp, "icons.conf")
    with open(conf, "w") as f:
        f.write('RaviSoundIconFolder "%s"\n' % icons)
    m = s.module(args=[conf])
    m.init()
    got = m.say("bell.wav", kind="SOUND_ICON")
    check([g.code for g in got] == [701, 706, 702], "an icon: 701 706 702: %r" % got)
    check(got[1].lines[0] == os.path.join(icons, "bell.wav"), "706 names the file: %r" % got[1])
    missing = m.say("nope.wav", kind="SOUND_ICON")
    check([g.code for g in missing] == [701, 702], "a missing icon: nothing played")
    evil = m.say("../icons.conf", kind="SOUND_ICON")
    check(706 not in [g.code for g in evil], "no path outside the folder")


def test_speak_without_its_closing_line(s):
    m = s.ready()
    m.set()
    m.send("SPEAK\n")
    m.expect(202)
    m.send("<speak>سلام\n")
    m.close_input()
    m.proc.wait(10)
    check(m.proc.returncode == 1, "exit status %s (not a crash)" % m.proc.returncode)
    check("SPEAK: the input ended before the closing '.' line" in m.log(), "logged: %s" % m.log())


def test_no_init_first(s):
    m = s.module()
    m.send("SPEAK\n")
    m.proc.wait(10)
    check(m.proc.returncode == 3, "exit status %s" % m.proc.returncode)
    check("did not start with INIT" in m.log(), "logged: %s" % m.log())


def test_bad_config_file(s):
    conf = os.path.join(s.tmp, "bad.conf")
    with open(conf, "w") as f:
        f.write("# a comment\nRaviMaxRate 9000\n")
    m = s.module(args=[conf])
    m.send("INIT\n")
    r = m.read()
    check(r.code == 399, "INIT fails: %r" % r)
    check("bad.conf:2: RaviMaxRate: expected a whole number from 80 to 450" in r.lines[0],
          "the message names file, line and option: %r" % r)
    m.proc.wait(10)
    check(m.proc.returncode == 1, "exit status 1")
    with open(conf, "w") as f:
        f.write("RaviTypo 1\n")
    m2 = s.module(args=[conf])
    m2.send("INIT\n")
    check("unknown option 'RaviTypo'" in m2.read().lines[0], "an unknown option")
    good = os.path.join(s.tmp, "good.conf")
    with open(good, "w") as f:
        f.write('RaviMaleVoice "ravi-female"  # the comment\nRaviNormalRate 200\n')
    m3 = s.module(args=[good])
    m3.init()
    f = m3.say("<speak>سلام</speak>")
    check(audio_of(f) == audio_of(m3.say("<speak>سلام</speak>", synthesis_voice="ravi-female", rate=0)),
          "RaviMaleVoice is the default voice")
    m4 = s.module(args=[os.path.join(s.tmp, "missing.conf")])
    m4.init()  # a missing file: the defaults


def test_no_voice_directory_left_behind(s):
    m = s.ready()
    for _ in range(3):
        m.set()
        m.speak(server_ssml(LONG))
        m.read()
        m.send("STOP\n")
        m.until_end()
    m.quit()
    left = [n for n in os.listdir(s.tmp) if n.startswith("ravi-voices")]
    check(not left, "temporary voice directories left: %r" % left)


TESTS = [v for k, v in list(globals().items()) if k.startswith("test_")]


def valgrind_session(binary):
    """A short session under memcheck, the synthesis processes too (valgrind follows forks)."""
    tmp = tempfile.mkdtemp(prefix="sd-ravi-vg.")
    vlog = os.path.join(tmp, "vg.%p")
    wrap = ["valgrind", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite", "--log-file=" + vlog]
    m = Module(binary, [], {"TMPDIR": tmp}, wrap, log_path=os.path.join(tmp, "log"))
    ok = True
    try:
        m.init()
        m.command("LIST VOICES", done_code=200)
        m.say(orca_ssml("سلام دنیا"))
        m.say("ب", kind="CHAR")
        m.say("control_a", kind="KEY")
        m.say("<speak>با</speak>", spelling_mode="on")
        m.command("SET", ["rate=fast"], 203)
        m.set()
        m.speak(server_ssml(LONG))
        m.read(60)
        m.send("STOP\n")
        m.until_end(60)
        m.quit(60)
        ok = m.proc.returncode == 0
    except Exception:
        traceback.print_exc(limit=3)
        ok = False
    finally:
        m.close()
    # one report per process, the synthesis processes' too (those a STOP killed end without a
    # summary): none may show an error
    error = re.compile(r"==\d+== (Invalid |Conditional jump|Use of uninitialised|Syscall param|"
                       r"Mismatched free|Source and destination overlap|.*definitely lost in)")
    reports = 0
    for name in sorted(os.listdir(tmp)):
        if name.startswith("vg."):
            with open(os.path.join(tmp, name)) as f:
                report = f.read()
            reports += 1
            if error.search(report) or re.search(r"ERROR SUMMARY: [1-9]", report):
                ok = False
                print(report)
    log = m.log()
    if "ended with status" in log or reports < 2:
        ok = False
        print("module log:\n" + log)
    shutil.rmtree(tmp, ignore_errors=True)
    print("  %s   sd_ravi under valgrind memcheck (%d processes)" % ("ok" if ok else "FAIL", reports))
    return ok


def main():
    args = sys.argv[1:]
    if args and args[0] == "--valgrind":
        print("sd_ravi valgrind (%s)" % args[1])
        sys.exit(0 if valgrind_session(args[1]) else 1)
    binary = args[0]
    print("sd_ravi protocol tests (%s)" % binary)
    suite = Suite(binary)
    suite.run(TESTS)
    print("sd-protocol: %d passed, %d failed" % (suite.passed, suite.failed))
    sys.exit(1 if suite.failed else 0)


if __name__ == "__main__":
    main()
