/* ravi serve: the server's command line (its options, its help). The server itself is the
 * program ravi-serve (src/serve/), which `ravi serve` runs: only it links FFmpeg and
 * libmicrohttpd, and `ravi` starts without mapping them. */
#include "cli.h"

const cli_command cli_serve = {
    "serve", "narrate as a service: OpenAI's speech API, Wyoming (Home Assistant), a listen page",
    "usage: ravi serve [OPTIONS]\n"
    "\n"
    "Serves Persian narration over HTTP and Wyoming until SIGTERM or Ctrl-C, which let the requests\n"
    "in flight finish (a second one stops at once). HTTP (http://127.0.0.1:5000/):\n"
    "  GET  /                   the listen page: paste text or HTML, hear it, follow the sentence\n"
    "  POST /v1/audio/speech    OpenAI's speech API: {\"model\", \"input\", \"voice\", \"response_format\":\n"
    "                           mp3 opus aac flac wav pcm, \"speed\"}; GET /v1/models, /v1/audio/voices\n"
    "  POST /                   the body (text, HTML or SSML) read aloud as WAV; GET /speak?text=...\n"
    "                           (both take ?voice= &rate= or &speed= &format= &input_format=)\n"
    "  POST /normalize          the body as it will be spoken, a sentence per line\n"
    "  GET  /healthz            {\"status\": \"ok\", ...}\n"
    "Wyoming (tcp://127.0.0.1:10200): describe, synthesize, synthesize-start/-chunk/-stop.\n"
    "\n"
    "  --listen ADDR:PORT        where HTTP listens (127.0.0.1:5000); a port alone is on 127.0.0.1\n"
    "  --wyoming ADDR:PORT|off   where Wyoming listens (127.0.0.1:10200)\n"
    "  --workers N               texts spoken at once, each in its own worker process (the cores)\n"
    "  --queue N                 requests that may wait for a worker (4 per worker, at least 8);\n"
    "                            beyond them: 503 with Retry-After\n"
    "  --token TOKEN             API requests need 'Authorization: Bearer TOKEN' (also from the\n"
    "                            environment: RAVI_SERVE_TOKEN, which ps does not show)\n"
    "  --max-body SIZE           largest request body (2M; K, M, G allowed)\n"
    "  --max-text N              most characters of text in a request (100000)\n"
    "  --per-client N            connections at once from one address (16)\n"
    "  --max-connections N       connections at once in all (256)\n"
    "  --timeout S               seconds a client may stay silent, sending or reading (30)\n"
    "  --worker-timeout S        seconds a worker may stay silent before it is stopped (60)\n"
    "  --grace S                 seconds a shutdown waits for requests in flight (30)\n"
    "  --loudness LUFS|off       the level of the audio, as for 'ravi say -o -': a fixed gain from\n"
    "                            the voice's known level, true peak under -1 dBTP (-16)\n"
    "  --voice --rate --pitch --volume, --sentence-pause --paragraph-pause --headline-pause,\n"
    "  --lexicon FILE, --no-ezafe, --html --ssml --text\n"
    "                            the defaults of every request, as for 'ravi say'\n"
    "  -h, --help                this help\n"
    "\n"
    "Each request is spoken by a fresh process forked from one whose engine is ready: the same\n"
    "request gives the same audio, and a worker that crashes fails its own request alone (500).\n"
    "One line per request goes to standard error.\n",
    ACCEPT_SERVE | ACCEPT_VOICE | ACCEPT_PAUSES | ACCEPT_LEXICON | ACCEPT_INPUT, NULL, "ravi-serve",
};
