#!/usr/bin/env python3
"""Top-level module graph of a crate's src/ from `crate::` paths (comments and unit tests
excluded; `crate::Name` resolved through where Name is defined); prints cycles (strongly
connected components of more than one module) and exits 1 when there is one.

Usage: module_cycles.py CRATE/src"""
import os, re, sys
src = sys.argv[1]
def top(path):
    first = os.path.relpath(path, src).split(os.sep)[0]
    return first[:-3] if first.endswith('.rs') else first
texts = {}
for root, _, files in os.walk(src):
    for f in files:
        if f.endswith('.rs') and f != 'tests.rs':
            p = os.path.join(root, f)
            t = open(p).read()
            cut = t.find('#[cfg(test)]\nmod tests')
            if cut >= 0: t = t[:cut]
            t = '\n'.join(l for l in t.splitlines() if not l.strip().startswith('//'))
            texts[p] = t
defined = {}
for p, t in texts.items():
    for name in re.findall(r'pub(?:\([a-z]+\))? (?:struct|enum|trait|type|const|static|fn) ([A-Za-z_][A-Za-z0-9_]*)', t):
        defined.setdefault(name, top(p))
modules = {top(p) for p in texts} - {'lib', 'main'}
edges = {}
def add(m, name):
    tgt = name if name in modules else defined.get(name)
    if tgt and tgt != m and tgt not in ('lib', 'main'):
        edges.setdefault(m, set()).add(tgt)
for p, t in texts.items():
    m = top(p)
    if m in ('lib', 'main'): continue
    for g in re.finditer(r'crate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)', t):
        s = g.group(1)
        if s.startswith('{'):
            for item in re.findall(r'(?:^|[{,\s])([A-Za-z_][A-Za-z0-9_]*)', s):
                add(m, item)
        else:
            add(m, s)
nodes = set(edges) | {t for v in edges.values() for t in v}
index, low, stack, on, sccs, i = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index: strong(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v: break
        sccs.append(c)
sys.setrecursionlimit(10000)
for v in sorted(nodes):
    if v not in index: strong(v)
cycles = [c for c in sccs if len(c) > 1]
for c in cycles:
    print('cycle:', sorted(c))
    for a in sorted(c):
        print('  ', a, '->', sorted(edges.get(a, set()) & set(c)))
if not cycles: print('no cycles among', len(nodes), 'modules of', src)
sys.exit(1 if cycles else 0)
