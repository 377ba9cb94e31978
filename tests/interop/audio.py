"""Test audio without numpy: write a tone WAV, read a WAV back, measure a tone's level (Goertzel)."""
import math
import struct
import wave


def write_tone(path, frequency, seconds=6.0, rate=16000, amplitude=8000):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(amplitude * math.sin(2 * math.pi * frequency * i / rate)))
            for i in range(int(seconds * rate))))


def read(path):
    """(rate, samples of the first channel)."""
    with wave.open(str(path), "rb") as source:
        rate, frames, channels = source.getframerate(), source.getnframes(), source.getnchannels()
        data = struct.unpack(f"<{frames * channels}h", source.readframes(frames))
        return rate, data[::channels]


def tone_rms(samples, frequency, rate):
    """The RMS the samples hold at `frequency` (a full-scale sine of amplitude A gives A/√2)."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coefficient * s1 - s2, s1
    power = (s1 * s1 + s2 * s2 - coefficient * s1 * s2) * 2 / (len(samples) ** 2)
    return math.sqrt(max(power, 0.0))
