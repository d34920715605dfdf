#!/bin/sh
# make bench (input half): HTML and SSML read as streams: time and peak memory of
# ravi normalize on a generated 50 MB news page and a 40 MB SSML document.
: "${RAVI:?set RAVI to the ravi binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-bench-input.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
awk 'BEGIN {
    print "<!DOCTYPE html><html><head><title>صفحه</title></head><body><nav>منو</nav><main><article><h1>تیتر</h1>"
    p = "<p class=\"text\">صادرات غیرنفتی <a href=\"/x?a=1&amp;b=2\">ایران</a> در هشت ماه نخست سال ۴٫۷ درصد افزایش یافت.<script>var s=1;</script></p>\n<div class=\"ad\">تبلیغ</div>\n"
    n = int(50 * 1024 * 1024 / length(p))
    for (i = 0; i < n; i++) printf "%s", p
    print "</article></main><footer>پایان</footer></body></html>" }' >"$TMP/page.html"
awk 'BEGIN { print "<speak>"
    for (i = 0; i < 300000; i++) print "<p>صادرات <prosody rate=\"slow\">غیرنفتی</prosody> افزایش یافت. <break time=\"10ms\"/> این خبر است.</p>"
    print "</speak>" }' >"$TMP/doc.ssml"
status=0
for f in page.html doc.ssml; do
    mb=$(($(wc -c <"$TMP/$f") / 1048576))
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$TMP/rss" "$RAVI" normalize "$TMP/$f" >/dev/null || status=1
    secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    rss=$(($(tail -1 "$TMP/rss") / 1024))
    ok=ok
    [ "$rss" -lt 64 ] || { ok=OVER; status=1; }
    printf '  ravi normalize, %s MB %-9s %6s s  peak %3s MB   target < 64 MB   %s\n' "$mb" "$f" "$secs" "$rss" "$ok"
done
exit $status
