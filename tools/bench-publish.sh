#!/bin/sh
# make bench (publishing half, issue 18):
#   loudness  a 10-minute article (the samples, repeated) written in every format by both Ravi
#             voices, measured with ffmpeg's ebur128 filter: integrated loudness within 1 LU of
#             -16 LUFS, true peak at most -1 dBTP; and at -14 LUFS, the ceiling
#   cost      what tagging and loudness add to `ravi say -o out.mp3` (target < 3 %): instructions
#             counted by callgrind (repeatable under load), and the best of 5 CPU times
: "${RAVI:?set RAVI to the ravi binary}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-bench-publish.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export XDG_CONFIG_HOME="$TMP/no-config"
status=0

for i in 1 2 3 4; do cat "$ROOT"/samples/*.txt; echo; done >"$TMP/article.txt"

loudness() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/Summary/ { s = 1 } s && / I:/ { i = $2 } s && /Peak:/ { p = $2 } END { print i, p }'
}

echo "bench: loudness of a long article, target -16 LUFS (+-1 LU), true peak <= -1 dBTP"
for voice in ravi-male ravi-female; do
    for ext in wav flac ogg opus mp3; do
        "$RAVI" say -q --voice "$voice" -o "$TMP/a.$ext" "$TMP/article.txt" || { status=1; continue; }
        set -- $(loudness "$TMP/a.$ext")
        secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$TMP/a.$ext")
        ok=$(awk -v i="$1" -v p="$2" 'BEGIN { d = i + 16; if (d < 0) d = -d; print (d <= 1 && p <= -1) ? "ok" : "MISSED" }')
        [ "$ok" = ok ] || status=1
        printf '  %-11s %-4s %5.1f min  %6s LUFS  true peak %5s dBTP   %s\n' "$voice" "$ext" \
            "$(awk -v s="$secs" 'BEGIN { print s / 60 }')" "$1" "$2" "$ok"
    done
done

# the loudest target: the ceiling holds once decoded (the files are checked and encoded again
# limited lower when over); the loudness is reported against the +-0.5 LU aimed at
echo "bench: the loudest target, -14 LUFS: true peak <= -1 dBTP once decoded (and within 0.5 LU?)"
for ext in ogg opus mp3; do
    "$RAVI" say -q --voice ravi-male --loudness -14 -o "$TMP/l.$ext" "$TMP/article.txt" || { status=1; continue; }
    set -- $(loudness "$TMP/l.$ext")
    ok=$(awk -v p="$2" 'BEGIN { print (p != "" && p <= -1) ? "ok" : "MISSED" }')
    [ "$ok" = ok ] || status=1
    near=$(awk -v i="$1" 'BEGIN { d = i + 14; if (d < 0) d = -d; print (d <= 0.5) ? "within 0.5 LU" : "off by " d " LU" }')
    printf '  %-11s %-4s            %6s LUFS  true peak %5s dBTP   %s (%s)\n' ravi-male "$ext" "$1" "$2" "$ok" "$near"
done

# instructions: valgrind --tool=callgrind, the whole run
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}
# the best of 5 user + system CPU times, the two commands alternating
best_cpu() {
    best=
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f '%U %S' -o "$TMP/t" "$@" >/dev/null 2>&1
        t=$(awk '{ print $1 + $2 }' "$TMP/t")
        best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
    done
    echo "$best"
}

echo "bench: what tagging and loudness add to ravi say -o out.mp3 (target < 3 %)"
sample=$ROOT/samples/news-1.txt
if command -v valgrind >/dev/null; then
    plain=$(instructions "$RAVI" say -q --loudness off --no-tags -o "$TMP/p.mp3" "$sample")
    full=$(instructions "$RAVI" say -q -o "$TMP/f.mp3" "$sample")
    printf '  instructions (callgrind, %s): %s plain, %s tagged and normalised: %s\n' \
        "$(basename "$sample")" "$plain" "$full" \
        "$(awk -v a="$plain" -v b="$full" 'BEGIN { d = (b - a) * 100 / a; printf "+%.1f %% (target 3 %%: %s)", d, d < 3 ? "ok" : "MISSED" }')"
fi
plain=$(best_cpu "$RAVI" say -q --loudness off --no-tags -o "$TMP/p.mp3" "$TMP/article.txt")
full=$(best_cpu "$RAVI" say -q -o "$TMP/f.mp3" "$TMP/article.txt")
printf '  CPU time (best of 5, the long article): %s s plain, %s s tagged and normalised: %s\n' \
    "$plain" "$full" "$(awk -v a="$plain" -v b="$full" 'BEGIN { d = (b - a) * 100 / a; printf "+%.1f %% (target 3 %%: %s)", d, d < 3 ? "ok" : "MISSED" }')"
exit $status
