#!/bin/sh
# make run: narrate a sample article through the speakers, or into a WAV file when this machine
# has no audio device (a server, a container, CI).
ravi="$1"
sample="$2"
echo "ravi: reading $sample"
"$ravi" normalize "$sample" | sed 's/^/  /'
if "$ravi" say "$sample" 2>/dev/null; then
    exit 0
fi
out="${TMPDIR:-/tmp}/ravi-sample.wav"
echo "ravi: no audio device here, writing the narration to $out instead"
"$ravi" say -o "$out" "$sample" || exit 1
if command -v soxi >/dev/null 2>&1; then
    echo "ravi: wrote $out ($(soxi -d "$out"), $(soxi -r "$out") Hz mono)"
else
    echo "ravi: wrote $out"
fi
