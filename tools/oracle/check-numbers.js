#!/usr/bin/env node
// Cross-checks `ravi normalize` against independent implementations: random integers, ordinals
// and times against @persian-tools/persian-tools' numberToWords and addOrdinalSuffix, random dates against ICU's
// calendars as Node's Intl exposes them (the day, month name and year of a random instant in the
// Persian, Gregorian and civil Islamic calendars). Fixed seed, one ravi process for everything.
//
//   node check-numbers.js [--ravi PATH] [--numbers N] [--dates N] [--times N] [--seed S] [--show K]
//
// Prints agreement per category and exits 1 unless everything agrees.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const { numberToWords, addOrdinalSuffix } = require('@persian-tools/persian-tools');

function option(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const ravi = option('ravi', path.join(__dirname, '..', '..', 'ravi'));
const counts = { numbers: +option('numbers', 10000), ordinals: +option('ordinals', 1000),
                 dates: +option('dates', 2000), invalid: +option('invalid', 300),
                 times: +option('times', 1000) };
const show = +option('show', 5);
let seed = +option('seed', 20240511) >>> 0;

// mulberry32: small, seedable, good enough to pick test cases
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(random() * a.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

const SCRIPTS = { latin: '0123456789', persian: '۰۱۲۳۴۵۶۷۸۹', arabic: '٠١٢٣٤٥٦٧٨٩' };
const inScript = (s, script) => s.replace(/[0-9]/g, (d) => SCRIPTS[script][d]);
const anyScript = (s) => inScript(s, pick(Object.keys(SCRIPTS)));

// The oracle's spelling differs from Ravi's house style in known, harmless ways only:
//  - it writes the hundreds apart (نه صد), Persian writes them as one word (نهصد);
//  - it says یک هزار at the head of a number, where news Persian says هزار (PERSIAN.md §2);
//  - its ordinal of سی is «سی اُم», Ravi writes «سی‌ام»;
//  - ICU names two lunar months ذیقعده / ذیحجه, Ravi says ذی‌القعده / ذی‌الحجه;
//  - Ravi writes nine «نُه» with its damma (eSpeak reads a bare نه as «na», the word for no).
function house(words) {
  return words
    .replace(/(چهار|شش|هفت|هشت|نه) صد/g, '$1صد')
    .replace(/^یک هزار/, 'هزار')
    .replace(/سی اُم/g, 'سی‌ام')
    .replace(/ذیقعده/g, 'ذی‌القعده')
    .replace(/ذیحجه/g, 'ذی‌الحجه')
    .replace(/(^| )نه(?= |$)/g, '$1نُه');
}
const cardinal = (n) => house(numberToWords(n));
const ordinal = (n, min) => house(addOrdinalSuffix(numberToWords(n))) + (min ? 'ین' : '');

const cases = { numbers: [], ordinals: [], dates: [], invalid: [], times: [] };

function randomInteger() {
  const len = between(1, 15);
  let s = String(between(1, 9));
  for (let i = 1; i < len; i++) s += String(between(0, 9));
  return s;
}
const group = (s, sep) => s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

for (let i = 0; i < counts.numbers; i++) {
  const s = randomInteger();
  const written = random() < 0.3 ? group(s, pick([',', '٬'])) : s;
  cases.numbers.push([anyScript(written), cardinal(Number(s))]);
}
for (let i = 0; i < counts.ordinals; i++) {
  const n = between(1, 1_000_000);
  const suffix = pick(['ام', 'مین', 'امین']);
  cases.ordinals.push([anyScript(String(n)) + suffix, ordinal(n, suffix !== 'ام')]);
}

const CALENDARS = [
  { icu: 'persian', marker: '', spoken: '' },
  { icu: 'gregory', marker: '', spoken: '' },
  { icu: 'islamic-civil', marker: ' ه.ق', spoken: ' هجری قمری' },
];
function dateParts(instant, icu) {
  const f = new Intl.DateTimeFormat('fa-IR-u-ca-' + icu + '-nu-latn',
                                    { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const names = new Intl.DateTimeFormat('fa-IR-u-ca-' + icu, { month: 'long', timeZone: 'UTC' });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: +p.year, m: +p.month, d: +p.day, name: names.format(instant) };
}
const pad = (n) => (random() < 0.5 && n < 10 ? '0' : '') + n;
for (let i = 0; i < counts.dates; i++) {
  const instant = new Date(Date.UTC(1900, 0, 1) + between(0, 200 * 365) * 86400000);
  const cal = pick(CALENDARS);
  const { y, m, d, name } = dateParts(instant, cal.icu);
  const sep = pick(['/', '-', '.']);
  const written = random() < 0.5 ? `${y}${sep}${pad(m)}${sep}${pad(d)}` : `${d} ${name} ${y}`;
  cases.dates.push([anyScript(written) + cal.marker,
                    house(`${ordinal(d)} ${name} ${cardinal(y)}${cal.spoken}`)]);
}
// days a calendar does not have: read as the numbers they are, never as a date
for (let i = 0; i < counts.invalid; i++) {
  const [y, m, d] = pick([[between(1300, 1450), between(7, 12), 31], [between(1300, 1450), between(1, 12), between(32, 99)],
                          [between(1300, 1450), between(13, 99), between(1, 28)],
                          [pick([2001, 2002, 2003, 2005, 2100]), 2, 29]]);
  cases.invalid.push([anyScript(`${y}/${m}/${d}`), `${cardinal(y)}، ${cardinal(m)}، ${cardinal(d)}`]);
}
for (let i = 0; i < counts.times; i++) {
  const h = between(0, 23), m = between(0, 59);
  const mm = String(m).padStart(2, '0');
  cases.times.push([anyScript(`${pad(h)}:${mm}`), m ? `${cardinal(h)} و ${cardinal(m)} دقیقه` : cardinal(h)]);
}

const all = Object.values(cases).flat();
const run = spawnSync(ravi, ['normalize', '--no-ezafe'], { input: all.map((c) => c[0]).join('\n') + '\n',
                                                        encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0) {
  console.error(`check-numbers: ${ravi} failed: ${run.stderr || run.error}`);
  process.exit(2);
}
const got = run.stdout.split('\n');
let at = 0, failedAny = false;
for (const [name, list] of Object.entries(cases)) {
  if (!list.length) continue;
  let agree = 0;
  const bad = [];
  for (const [input, expected] of list) {
    const output = got[at++];
    if (output === expected) agree++;
    else bad.push({ input, expected, output });
  }
  const pct = (100 * agree / list.length).toFixed(2);
  console.log(`  oracle ${name.padEnd(9)} ${agree}/${list.length} agree (${pct}%)`);
  for (const b of bad.slice(0, show))
    console.log(`    ${b.input}\n      oracle: ${b.expected}\n      ravi:   ${b.output}`);
  failedAny ||= bad.length > 0;
}
process.exit(failedAny ? 1 : 0);
