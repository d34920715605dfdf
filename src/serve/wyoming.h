/* wyoming: the Wyoming protocol over TCP, as Home Assistant speaks it to a local voice:
 *   describe → info (a TTS program, "ravi", with its voices for fa);
 *   synthesize {text, voice {name}, text_format} → audio-start, audio-chunk…, audio-stop;
 *   synthesize-start, synthesize-chunk…, synthesize-stop → for each run of whole sentences as
 *     it arrives, audio-start, audio-chunk…, audio-stop; at the stop the rest, then
 *     synthesize-stopped (the synthesize a streaming client also sends is ignored);
 *   ping → pong. An error is an `error` event {text, code}.
 * Audio: 16-bit mono PCM at the voice's rate (22050 Hz). A thread per connection, limited like
 * HTTP's (connections in all and per address, --timeout for a silent client). */
#ifndef RAVI_SERVE_WYOMING_H
#define RAVI_SERVE_WYOMING_H

#include "serve.h"

/* Starts serving the listening socket fd (taken, closed at the end). 0, or -1 after printing
 * why. */
int wyoming_start(server *s, int fd);
/* Stops taking connections; those open go on. */
void wyoming_quiesce(server *s);
/* Ends every connection and waits for their threads. */
void wyoming_stop(server *s);

#endif
