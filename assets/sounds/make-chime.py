#!/usr/bin/env python3
"""Writes chime.wav: a short two-tone chime (E6 then B5, soft attack, exponential decay),
22 050 Hz mono 16-bit, about 0.9 s. Written for Situation Wall; the sound and this script are
the project's own work, released under CC0 1.0 (public domain dedication)."""
import math, struct, wave

RATE = 22050
def tone(freq, start, dur, out):
    n0 = int(start * RATE)
    for i in range(int(dur * RATE)):
        t = i / RATE
        env = min(1.0, t / 0.008) * math.exp(-t * 5.5)
        s = env * (math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(2 * math.pi * 2 * freq * t))
        out[n0 + i] += s

total = 0.95
buf = [0.0] * int(total * RATE + 10)
tone(1318.5, 0.0, 0.6, buf)
tone(987.8, 0.28, 0.66, buf)
peak = max(abs(x) for x in buf) or 1
with wave.open('chime.wav', 'wb') as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(b''.join(struct.pack('<h', int(32767 * 0.7 * x / peak)) for x in buf))
