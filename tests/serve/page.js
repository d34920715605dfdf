// The listen page in headless Chromium (Debian's), driven by playwright-core: the page loads in
// Persian right-to-left layout with Ravi's voices, plays an article as it streams, highlights
// the sentence being read and moves on with the audio, reads a pasted HTML page without its
// markup, and shows the server's error. A screenshot of it playing is written to SHOT.
//   node page.js BASE_URL ARTICLE.txt ARTICLE.html SHOT.png
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [base, articleFile, htmlFile, shot] = process.argv.slice(2);
let failures = 0;
function check(name, ok, detail) {
  console.log(`  ${ok ? "ok  " : "FAIL"} page: ${name}${ok ? "" : ": " + detail}`);
  if (!ok) failures++;
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "ravi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--autoplay-policy=no-user-gesture-required"],
    viewport: { width: 1000, height: 760 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [], elsewhere = [];
    page.on("pageerror", e => errors.push(e.message));
    // the page asks for nothing but its own server (loopback): no fonts, scripts or beacons
    context.on("request", r => {
      const u = new URL(r.url());
      if (!["data:", "blob:"].includes(u.protocol) && u.origin !== new URL(base).origin) elsewhere.push(r.url());
    });
    await page.goto(base + "/");
    await page.waitForFunction(() => document.querySelectorAll("#voice option").length > 0, null, { timeout: 10000 });
    const layout = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang,
      direction: getComputedStyle(document.body).direction,
      voices: [...document.querySelectorAll("#voice option")].map(o => o.value) }));
    check("right-to-left Persian layout", layout.dir === "rtl" && layout.lang === "fa" && layout.direction === "rtl",
          JSON.stringify(layout));
    check("the voice list holds Ravi's voices", layout.voices.includes("ravi-male") && layout.voices.includes("ravi-female"),
          layout.voices.join(","));

    // an article, a little faster than usual
    await page.fill("#text", fs.readFileSync(articleFile, "utf8"));
    await page.fill("#speed", "1.3");
    await page.click("#play");
    await page.waitForFunction(() => window.ravi.sentences.length >= 3 && document.querySelector(".sentence.current"),
                               null, { timeout: 15000 });
    const first = await page.evaluate(() => ({ current: window.ravi.current, played: window.ravi.playedSamples(),
      scheduled: window.ravi.scheduledSamples, state: window.ravi.state,
      text: document.querySelector(".sentence.current").textContent }));
    check("playing: audio scheduled and the clock running", first.scheduled > 0 && first.state !== "error",
          JSON.stringify(first));
    check("the first sentence is highlighted", first.current === 0 && first.text.length > 0, JSON.stringify(first));
    // the highlight follows the audio to the next sentence
    await page.waitForFunction(() => window.ravi.current >= 1, null, { timeout: 20000 });
    const second = await page.evaluate(() => ({ current: window.ravi.current, played: window.ravi.playedSamples(),
      sample: window.ravi.sentences[window.ravi.current].sample,
      read: document.querySelectorAll(".sentence.read").length,
      highlighted: document.querySelectorAll(".sentence.current").length }));
    check("the highlight moves on with the audio", second.current >= 1 && second.played >= second.sample &&
          second.read >= 1 && second.highlighted === 1, JSON.stringify(second));
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`  page: screenshot of the page playing: ${shot}`);
    await page.click("#stop");

    // a saved news page: its headline and story, without the markup or the site's furniture
    await page.fill("#text", fs.readFileSync(htmlFile, "utf8"));
    await page.click("#play");
    await page.waitForFunction(() => ["finishing", "done"].includes(window.ravi.state), null, { timeout: 20000 });
    const html = await page.evaluate(() => document.querySelector("#reading").textContent);
    check("an HTML page is read without its markup or its navigation",
          !/[<>]/.test(html) && html.includes("سازمان هواشناسی") && !html.includes("منو"), html.slice(0, 160));
    await page.click("#stop");

    // the server's own error message, in the page
    await page.fill("#text", "<speak><p>خبر</speak>");
    await page.click("#play");
    await page.waitForFunction(() => window.ravi.state === "error", null, { timeout: 10000 });
    const err = await page.evaluate(() => document.querySelector("#status").textContent);
    check("an error from the server is shown", /invalid SSML/.test(err), err);
    check("no script errors", errors.length === 0, errors.join("; "));
    check("nothing asked of any server but its own", elsewhere.length === 0, elsewhere.join(" "));
  } catch (e) {
    check("the page test ran", false, e.message);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failures ? 1 : 0);
})();
