// The real `openai` npm client against ravi serve, by base URL, as Open WebUI and every OpenAI
// client library use it: the models, speech in every response_format (checked by what the
// bytes are), audio that streams, errors that name their field, and the bearer token.
//   node openai.js BASE_URL TOKEN OUTDIR
const OpenAI = require("openai");
const fs = require("fs");
const path = require("path");

const [base, token, outdir] = process.argv.slice(2);
let failures = 0;
function check(name, ok, detail) {
  console.log(`  ${ok ? "ok  " : "FAIL"} openai: ${name}${ok ? "" : ": " + detail}`);
  if (!ok) failures++;
}

const text = "سازمان هواشناسی کشور برای امروز بارش باران پیش‌بینی کرد. دمای هوا ۱۲ درجه خواهد بود.";
const magic = {
  mp3: b => (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) || b.slice(0, 3).toString() === "ID3",
  opus: b => b.slice(0, 4).toString() === "OggS" && b.includes(Buffer.from("OpusHead")),
  aac: b => b[0] === 0xff && (b[1] & 0xf6) === 0xf0,
  flac: b => b.slice(0, 4).toString() === "fLaC",
  wav: b => b.slice(0, 4).toString() === "RIFF" && b.slice(8, 12).toString() === "WAVE",
  pcm: b => b.length % 2 === 0 && b.length > 24000,
};

(async () => {
  const client = new OpenAI({ baseURL: base + "/v1", apiKey: token, maxRetries: 0, timeout: 60000 });
  try {
    const models = (await client.models.list()).data.map(m => m.id);
    check("models.list has ravi and tts-1", models.includes("ravi") && models.includes("tts-1"), models.join(","));
    const one = await client.models.retrieve("tts-1");
    check("models.retrieve", one.id === "tts-1", JSON.stringify(one));

    for (const fmt of Object.keys(magic)) {
      const resp = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: text,
                                                      response_format: fmt, speed: 1.0 });
      const bytes = Buffer.from(await resp.arrayBuffer());
      fs.writeFileSync(path.join(outdir, "speech." + fmt), bytes);
      check(`speech.create response_format=${fmt}`, magic[fmt](bytes), `${bytes.length} bytes: ${bytes.slice(0, 12).toString("hex")}`);
    }

    // streamed: the body comes in pieces, the first long before the last
    const long = fs.readFileSync(path.join(__dirname, "../../samples/news-1.txt"), "utf8").repeat(4);
    const started = Date.now();
    const resp = await client.audio.speech.create({ model: "ravi", voice: "nova", input: long, response_format: "mp3" });
    let pieces = 0, first = 0, size = 0;
    for await (const chunk of resp.body) {
      if (!pieces) first = Date.now() - started;
      pieces++;
      size += chunk.length;
    }
    const total = Date.now() - started;
    check("the audio streams in pieces", pieces > 3 && first < total, `${pieces} pieces, first at ${first} ms of ${total} ms, ${size} bytes`);

    // errors as OpenAI gives them: status 400, the field in `param`
    for (const [body, param] of [[{ voice: "nobody" }, "voice"], [{ speed: 9 }, "speed"],
                                 [{ response_format: "ogg" }, "response_format"], [{ model: "tts-9" }, "model"]]) {
      try {
        await client.audio.speech.create(Object.assign({ model: "tts-1", voice: "alloy", input: text }, body));
        check(`400 naming ${param}`, false, "no error");
      } catch (e) {
        check(`400 naming ${param}`, e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === param,
              `${e.constructor.name} ${e.status} param=${e.param} ${e.message}`);
      }
    }
    // a wrong key
    const intruder = new OpenAI({ baseURL: base + "/v1", apiKey: "wrong", maxRetries: 0 });
    try {
      await intruder.audio.speech.create({ model: "tts-1", voice: "alloy", input: text });
      check("a wrong bearer token is refused", false, "no error");
    } catch (e) {
      check("a wrong bearer token is refused", e instanceof OpenAI.AuthenticationError && e.status === 401,
            `${e.constructor.name} ${e.status}`);
    }
  } catch (e) {
    check("the client ran", false, e.stack || e.message);
  }
  process.exit(failures ? 1 : 0);
})();
