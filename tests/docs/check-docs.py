#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""make check-docs: what a machine can check of the documentation.

1. Links: every relative Markdown link of the tracked *.md files names a
   file of the tree, and a #anchor a heading of that file.
2. Command lines: every shell block (```sh, ```console, ```shell) and every
   "$ " line of another block in README.md and Documentation/*.md follows a
   marker on the line before its fence: <!-- illustrative --> (shown, not
   run by the tests) or <!-- tested: PATH... --> (the tests run it there:
   each command's name and every option or key= it gives must appear in
   one of the PATHs, so that a renamed option or a command the tests no
   longer run shows here).
3. discxfer(1) and --help: the same commands; for each command the same
   options (short and long); for list the same columns.
Prints PASS/FAIL lines and a summary; exits 1 on a failure.
"""
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = os.environ.get('BUILD', 'build')
BUILDDIR = BUILD if os.path.isabs(BUILD) else os.path.join(TOP, BUILD)
passed = 0
failed = 0


def ok(msg):
    global passed
    passed += 1
    print('PASS: ' + msg)


def bad(msg):
    global failed
    failed += 1
    print('FAIL: ' + msg)


def tracked(pattern):
    out = subprocess.run(['git', '-C', TOP, 'ls-files', '-co', '--exclude-standard', '--', pattern],
                         capture_output=True, text=True, check=True).stdout
    return [f for f in out.split('\n') if f]


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped,
    spaces to dashes."""
    s = heading.strip().lower()
    s = re.sub(r'[^\w\- ]', '', s)
    return s.replace(' ', '-')


def headings(path):
    anchors = set()
    fence = False
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('```'):
                fence = not fence
            elif not fence and line.startswith('#'):
                anchors.add(slug(line.lstrip('#')))
    return anchors


def check_links():
    link = re.compile(r'\]\(([^)\s]+)\)')
    n = 0
    for md in tracked('*.md'):
        fence = False
        with open(os.path.join(TOP, md), encoding='utf-8') as f:
            lines = f.readlines()
        for no, line in enumerate(lines, 1):
            if line.startswith('```'):
                fence = not fence
                continue
            if fence:
                continue
            for target in link.findall(line):
                if re.match(r'^[a-z]+:', target):
                    continue
                n += 1
                path, _, anchor = target.partition('#')
                full = os.path.normpath(os.path.join(TOP, os.path.dirname(md), path)) \
                    if path else os.path.join(TOP, md)
                if not os.path.exists(full):
                    bad(f'{md}:{no}: link to {target}: no such file')
                elif anchor and full.endswith('.md') and anchor not in headings(full):
                    bad(f'{md}:{no}: link to {target}: no such heading in {path or md}')
    ok(f'{n} relative links of the tracked Markdown files checked')


def commands_of(line):
    """The commands of one shell line: (name, [options]) for each part
    between pipes, ;, && and ||, and each $( ... )."""
    line = re.sub(r'\s+#.*$', '', line)
    parts = re.split(r'\|\||&&|[|;]|\$\(|\)', line)
    out = []
    for p in parts:
        words = p.split()
        while words and (re.match(r'^[A-Za-z_][A-Za-z0-9_]*=', words[0]) or
                         words[0] in ('sudo', 'exec', 'then', 'do', 'else', '!')):
            words = words[1:]
        if not words or words[0] in ('for', 'while', 'if', 'done', 'fi', 'echo', 'cat', '{', '}'):
            continue
        name = words[0]
        opts = []
        for w in words[1:]:
            w = w.strip('"\'')
            m = re.match(r'^(--?[A-Za-z][A-Za-z0-9-]*)', w)
            if m:
                opts.append(m.group(1))
            m = re.match(r'^([a-z_]+=)', w)
            if m:
                opts.append(m.group(1))
        out.append((name, opts))
    return out


def check_blocks():
    docs = ['README.md'] + sorted(tracked('Documentation/*.md'))
    marker = re.compile(r'^<!--\s*(illustrative|tested:\s*(.+?))\s*-->\s*$')
    for md in docs:
        with open(os.path.join(TOP, md), encoding='utf-8') as f:
            lines = f.read().split('\n')
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.startswith('```'):
                i += 1
                continue
            lang = line[3:].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith('```'):
                j += 1
            body = lines[i + 1:j]
            if lang in ('sh', 'console', 'shell'):
                cmds = [b for b in body if b.strip() and not b.lstrip().startswith('#')]
                cmds = [c[2:] if c.startswith('$ ') else c for c in cmds]
            else:
                cmds = [b[2:] for b in body if b.startswith('$ ')]
            # continuation lines belong to the line before
            joined = []
            for c in cmds:
                if joined and (joined[-1].rstrip().endswith(('\\', '|')) or c.startswith(('\t', '        '))):
                    joined[-1] = joined[-1].rstrip().rstrip('\\') + ' ' + c.strip()
                else:
                    joined.append(c)
            where = f'{md}:{i + 1}'
            if joined:
                k = i - 1
                while k >= 0 and not lines[k].strip():
                    k -= 1
                m = marker.match(lines[k]) if k >= 0 else None
                if not m:
                    bad(f'{where}: a block of command lines without <!-- tested: PATH --> or <!-- illustrative -->')
                elif m.group(1) == 'illustrative':
                    ok(f'{where}: illustrative ({len(joined)} lines)')
                else:
                    paths = m.group(2).split()
                    text = ''
                    missing_path = [p for p in paths if not os.path.exists(os.path.join(TOP, p))]
                    if missing_path:
                        bad(f'{where}: tested in {" ".join(missing_path)}: no such file')
                    else:
                        for p in paths:
                            with open(os.path.join(TOP, p), encoding='utf-8', errors='replace') as f:
                                text += f.read()
                        missing = []
                        for c in joined:
                            for name, opts in commands_of(c):
                                base = os.path.basename(name)
                                for tok in [base] + opts:
                                    if tok not in text:
                                        missing.append(f'{base}:{tok}' if tok != base else base)
                        if missing:
                            bad(f'{where}: tested in {" ".join(paths)}, which lacks {" ".join(sorted(set(missing)))}')
                        else:
                            ok(f'{where}: every command and option runs in {" ".join(paths)}')
            i = j + 1


def man_text():
    with open(os.path.join(TOP, 'man', 'discxfer.1'), encoding='utf-8') as f:
        return f.read().replace('\\-', '-')


def run_tool(*args):
    env = dict(os.environ, LD_LIBRARY_PATH=BUILDDIR)
    r = subprocess.run([os.path.join(BUILDDIR, 'discxfer')] + list(args),
                       capture_output=True, text=True, env=env)
    return r.stdout + r.stderr


def opts_in(text):
    return set(re.findall(r'(?<![\w-])(--?[a-zA-Z][a-zA-Z-]*)', text))


def check_man_help():
    if not os.access(os.path.join(BUILDDIR, 'discxfer'), os.X_OK):
        bad(f'no {BUILDDIR}/discxfer (make all first)')
        return
    man = man_text()
    synopsis = man.split('.SH SYNOPSIS', 1)[1].split('.SH', 1)[0]
    man_cmds = {}
    cur = None
    for line in synopsis.split('\n'):
        m = re.match(r'^\.B discxfer (\S+)$', line)
        if m:
            cur = m.group(1)
            man_cmds[cur] = ''
        elif line.startswith('.br'):
            cur = None
        elif cur:
            man_cmds[cur] += line + '\n'
    top = run_tool('--help')
    help_cmds = re.findall(r'^  ([a-z][a-z-]+)\b', top.split('Commands:', 1)[1], re.M)
    if sorted(help_cmds) == sorted(man_cmds):
        ok(f'discxfer(1) and --help name the same commands: {" ".join(help_cmds)}')
    else:
        bad(f'commands: --help {sorted(help_cmds)}, discxfer(1) {sorted(man_cmds)}')
    for cmd in help_cmds:
        h = run_tool(cmd, '--help')
        hopts = opts_in(h) - {'-h', '--help'}
        mopts = opts_in(man_cmds.get(cmd, ''))
        if cmd == 'list':
            sect = man.split('.SH LIST OPTIONS', 1)[1].split('.SH', 1)[0]
            mopts |= opts_in(sect)
        if hopts == mopts:
            ok(f'{cmd}: discxfer(1) and "discxfer {cmd} --help" give the same options: {" ".join(sorted(hopts)) or "none"}')
        else:
            bad(f'{cmd}: options only in --help: {sorted(hopts - mopts)}, only in discxfer(1): {sorted(mopts - hopts)}')
    h = run_tool('list', '--help')
    hcols = re.findall(r'^\s+([A-Z][A-Z-]+)  ', h.split('columns:', 1)[1], re.M)
    sect = man.split('.SH COLUMNS', 1)[1].split('.SH', 1)[0]
    mcols = re.findall(r'^\.TP\n\.B ([A-Z][A-Z-]+)$', sect, re.M)
    if hcols and hcols == mcols:
        ok(f'list: discxfer(1) and --help list the same {len(hcols)} columns in the same order')
    else:
        bad(f'list columns: only in --help {sorted(set(hcols) - set(mcols))}, only in discxfer(1) '
            f'{sorted(set(mcols) - set(hcols))}{" (order differs)" if set(hcols) == set(mcols) else ""}')
    for opt in ('--help', '--version'):
        if opt in top and opt in man:
            ok(f'{opt} in both')
        else:
            bad(f'{opt}: --help has it: {opt in top}, discxfer(1) has it: {opt in man}')


check_links()
check_blocks()
check_man_help()
print(f'check-docs: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
