#!/usr/bin/env python3
"""Compiles a one-line file of a library's layer with that library's include path, as the build
does: a header the layer may use must compile, one it may not must fail with "No such file" for
exactly that header — the build, not only tools/check_layers.py, refuses a forbidden include.

usage: include_probe.py COMPILER ALLOWED_HEADER FORBIDDEN_HEADER INCLUDE_DIR...
An INCLUDE_DIR argument may hold several, ';'-separated (a CMake list).
"""
import subprocess
import sys


def compile_one(compiler, include_dirs, header):
    command = [compiler, "-std=c++23", "-fsyntax-only", "-x", "c++", "-"]
    for directory in include_dirs:
        command[1:1] = ["-I", directory]
    source = f'#include "{header}"\n'
    return subprocess.run(command, input=source, capture_output=True, text=True, check=False)


def main():
    compiler, allowed, forbidden = sys.argv[1:4]
    include_dirs = [d for argument in sys.argv[4:] for d in argument.split(";") if d]
    if not include_dirs:
        print("FAIL: no include directories given")
        return 1
    ok = compile_one(compiler, include_dirs, allowed)
    if ok.returncode != 0:
        print(f"FAIL: {allowed} does not compile with the library's include path:\n{ok.stderr}")
        return 1
    refused = compile_one(compiler, include_dirs, forbidden)
    if refused.returncode == 0:
        print(f"FAIL: {forbidden} compiles with the library's include path; the layer could use it")
        return 1
    # GCC: "…/wav_file.hpp: No such file or directory"; clang: "'…/wav_file.hpp' file not found".
    if not (f"{forbidden}: No such file" in refused.stderr
            or f"'{forbidden}' file not found" in refused.stderr):
        print(f"FAIL: {forbidden} failed for another reason:\n{refused.stderr}")
        return 1
    print(f"ok: {allowed} compiles, {forbidden} is not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
