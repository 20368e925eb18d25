# Runs `suan check` on random mutations of the bundled disclosures (and their variants), with
# both models, and reports any run that crashes, hangs, exits with a status other than 0/1/2,
# prints invalid JSON with --json, or writes a sanitizer report. Meant for a build with
# -DSUAN_SANITIZE=ON:
#
#   /usr/bin/python3 fuzz_suan_check.py BUILD/bin/suan [--seconds 600] [--seed 1] [--keep DIR]
#
# Mutations: truncation, deleted lines, swapped lines, duplicated pages (form feed to form
# feed), random bytes, lines shuffled inside a table, a table's lines doubled, digits replaced,
# tabs and spaces exchanged, CRLF, an empty file. Failing inputs are kept in DIR.
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'models'))


def sources():
    out = []
    for d in (HERE, os.path.join(HERE, 'variants')):
        for f in sorted(os.listdir(d)):
            if f.endswith('.txt'):
                out.append(os.path.join(d, f))
    return out


def mutate(data, rng):
    if len(data) < 2:
        return 'tiny', data
    lines = data.split(b'\n')
    kind = rng.choice(['truncate', 'delete', 'swap', 'page', 'bytes', 'shuffle', 'double',
                       'digits', 'tabs', 'crlf', 'empty', 'several'])
    if kind == 'truncate':
        return kind, data[:rng.randrange(len(data) + 1)]
    if kind == 'delete':
        for _ in range(rng.randint(1, 30)):
            if lines:
                del lines[rng.randrange(len(lines))]
    elif kind == 'swap':
        for _ in range(rng.randint(1, 30)):
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
    elif kind == 'page':
        pages = data.split(b'\f')
        k = rng.randrange(len(pages))
        pages.insert(k, pages[k])
        return kind, b'\f'.join(pages)
    elif kind == 'bytes':
        b = bytearray(data)
        for _ in range(rng.randint(1, 300)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return kind, bytes(b)
    elif kind == 'shuffle':
        a = rng.randrange(len(lines))
        seg = lines[a:a + rng.randint(2, 60)]
        rng.shuffle(seg)
        lines[a:a + len(seg)] = seg
    elif kind == 'double':
        a = rng.randrange(len(lines))
        seg = lines[a:a + rng.randint(2, 80)]
        lines[a:a] = seg
    elif kind == 'digits':
        b = bytearray(data)
        for _ in range(rng.randint(1, 200)):
            i = rng.randrange(len(b))
            if 48 <= b[i] <= 57:
                b[i] = rng.choice(b'0123456789.,-( )')
        return kind, bytes(b)
    elif kind == 'tabs':
        b = bytearray(data)
        for _ in range(rng.randint(1, 300)):
            i = rng.randrange(len(b))
            if b[i] in (9, 32):
                b[i] = 9 if b[i] == 32 else 32
        return kind, bytes(b)
    elif kind == 'crlf':
        return kind, data.replace(b'\n', b'\r\n')
    elif kind == 'empty':
        return kind, rng.choice([b'', b'\n', b'\xef\xbb\xbf', b'\f\f\f', b'\x00' * 100])
    else:
        for _ in range(rng.randint(2, 5)):
            _, data = mutate(data, rng)
        return 'several', data
    return kind, b'\n'.join(lines)


def run(suan, path, model, timeout):
    t0 = time.time()
    try:
        p = subprocess.run([suan, 'check', path, '--model', model, '--json'],
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 'hang', time.time() - t0
    problems = []
    if p.returncode not in (0, 1, 2):
        problems.append(f'exit status {p.returncode}')
    err = p.stderr.decode('utf-8', 'replace')
    if 'Sanitizer' in err or 'runtime error' in err:
        problems.append('sanitizer: ' + err[:400])
    try:
        report = json.loads(p.stdout)  # bytes: must be well-formed UTF-8 too
        if p.returncode == 2 and 'error' not in report:
            problems.append('exit 2 without an "error" in the JSON')
        if p.returncode in (0, 1) and 'summary' not in report:
            problems.append('no "summary" in the JSON')
    except Exception as e:  # noqa: BLE001
        problems.append(f'invalid JSON: {e}')
    return '; '.join(problems), time.time() - t0


def main():
    args = sys.argv[1:]
    suan = args[0]
    seconds = float(args[args.index('--seconds') + 1]) if '--seconds' in args else 300
    seed = int(args[args.index('--seed') + 1]) if '--seed' in args else 1
    keep = args[args.index('--keep') + 1] if '--keep' in args else '/tmp/suan-fuzz'
    os.makedirs(keep, exist_ok=True)
    rng = random.Random(seed)
    files = sources()
    models = [os.path.join(MODELS, 'budget-disclosure-2026.suan'),
              os.path.join(MODELS, 'final-accounts-2024.suan')]
    work = os.path.join(keep, 'input.txt')
    end = time.time() + seconds
    runs = bad = 0
    slowest = 0.0
    while time.time() < end:
        src = rng.choice(files)
        with open(src, 'rb') as f:
            kind, data = mutate(f.read(), rng)
        with open(work, 'wb') as f:
            f.write(data)
        for model in models:
            problem, took = run(suan, work, model, timeout=120)
            runs += 1
            slowest = max(slowest, took)
            if problem:
                bad += 1
                name = os.path.join(keep, f'bad-{bad}-{kind}-{os.path.basename(src)}')
                with open(name, 'wb') as f:
                    f.write(data)
                print(f'{name} (model {os.path.basename(model)}): {problem}', flush=True)
    print(f'{runs} runs, {bad} bad, slowest {slowest:.1f} s')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
