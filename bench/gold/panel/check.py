#!/usr/bin/env python3
"""Check bench/gold/panel/panel.jsonl against the corpus (stdlib only).

Usage: python check.py [panel.jsonl | panel2.jsonl | panel3.jsonl] [--tar PATH]
Verifies for each row: text[start:end] == surface (text = the tar member decoded
as UTF-8, front matter included), the enums, the field types, value_max >= value,
the split being constant per file, the context containing the surface, and the span not
being part of a longer number (an error on dev rows; heldout rows are only counted);
then prints counts by split, status, measure and metric.
Also: the metric is a canonical (or national) name of lexicons/metrics.txt, and the
split of each file is the one its salted sha256 gives (v1 salt for panel.jsonl,
v2 salt for panel2.jsonl; first half of the sorted hashes heldout, with the v1 set's
8 of 15; panel3.jsonl is all dev); panel2.jsonl must not reuse a report of panel.jsonl or
of EXCLUDED, panel3.jsonl none of panel.jsonl, panel2.jsonl or EXCLUDED.
"""
import hashlib
import json, sys, tarfile, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
_REL = os.path.join('shared', 'corpus', 'bulk', 'gov_work_reports.tar.xz')
_CANDIDATES = [os.path.join(ROOT, '..', _REL), os.path.join(ROOT, '..', '..', _REL)]
DEFAULT_TAR = next((os.path.normpath(p) for p in _CANDIDATES if os.path.exists(p)), os.path.normpath(_CANDIDATES[0]))
FIELDS = ['file', 'issuer', 'issuer_code', 'report_year', 'year', 'metric', 'measure', 'status', 'value',
          'value_max', 'unit', 'qualifier', 'start', 'end', 'surface', 'context', 'split', 'note']
MEASURES = {'level', 'growth', 'share', 'rate', 'count'}
STATUSES = {'actual', 'estimate', 'target'}
SPLITS = {'dev', 'heldout'}
SALTS = {'panel.jsonl': ('policytext-gold-panel-v1|', 8), 'panel2.jsonl': ('policytext-gold-panel-v2|', 7),
         'panel3.jsonl': ('policytext-gold-panel-v3|', 0)}  # panel3: every report dev
EARLIER = {'panel2.jsonl': ['panel.jsonl'], 'panel3.jsonl': ['panel.jsonl', 'panel2.jsonl']}
EXCLUDED = {f'lawtext_gov/政府工作报告-其他地市/{c}/{y}.md' for c, y in [
    ('天水市', 2023), ('定西市', 2022), ('酒泉市', 2022), ('张掖市', 2022), ('庆阳市', 2023),
    ('平凉市', 2022), ('陇南市', 2023), ('武威市', 2023)]}
QUALIFIERS = {None, '左右', '以上', '以内', '约', '超', '多', '余', '近', '以下'}


def canonical_metrics():
    names = set()
    with open(os.path.join(ROOT, 'lexicons', 'metrics.txt'), encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'): continue
            cols = line.rstrip('\n').split('\t')
            names.add(cols[0])
            if len(cols) > 4 and cols[4] != '-': names.add(cols[4])
    return names


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    path = args[0] if args else os.path.join(HERE, 'panel.jsonl')
    tar = DEFAULT_TAR
    if '--tar' in argv:
        tar = argv[argv.index('--tar') + 1]
        if tar in args: args.remove(tar)
    rows = [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]
    want = {r['file'] for r in rows}
    texts = {}
    with tarfile.open(tar) as t:
        for m in t:
            if m.name in want:
                texts[m.name] = t.extractfile(m).read().decode('utf-8')
    errors = []
    inside_heldout = [0]
    split_of = {}
    seen = collections.Counter()
    for i, r in enumerate(rows, 1):
        def err(msg): errors.append(f'row {i} ({r.get("file","?")} {r.get("surface","?")}): {msg}')
        if list(r) != FIELDS: err(f'fields {list(r)}')
        if r['file'] not in texts: err('file not in tar'); continue
        text = texts[r['file']]
        if not (isinstance(r['start'], int) and isinstance(r['end'], int)): err('offsets not int'); continue
        if text[r['start']:r['end']] != r['surface']: err(f'span {text[r["start"]:r["end"]]!r} != surface')
        if r['surface'] not in r['context']: err('surface not in context')
        inside = (r['surface'][:1].isdigit() and r['start'] > 0 and (text[r['start'] - 1].isdigit() or text[r['start'] - 1] == '.')) \
            or (r['end'] < len(text) and text[r['end']].isdigit())
        if inside:  # e.g. the span '6%' taken inside '13.6%'
            if r['split'] == 'dev': err('span inside a longer number')
            else: inside_heldout[0] += 1  # counted only, never shown
        if r['context'] not in text: err('context not in text')
        if len(r['context']) > 60: err('context longer than 60')
        if r['measure'] not in MEASURES: err('measure')
        if r['status'] not in STATUSES: err('status')
        if r['split'] not in SPLITS: err('split')
        if r['qualifier'] not in QUALIFIERS: err(f'qualifier {r["qualifier"]}')
        if not isinstance(r['value'], float): err('value not float')
        if r['value_max'] is not None and (not isinstance(r['value_max'], float) or r['value_max'] < r['value']): err('value_max')
        for k in ('report_year', 'year'):
            if not isinstance(r[k], int): err(k)
        if r['issuer_code'] is not None and not (isinstance(r['issuer_code'], str) and len(r['issuer_code']) == 6 and r['issuer_code'].isdigit()): err('issuer_code')
        if not isinstance(r['unit'], str) or not r['unit']: err('unit')
        if r['measure'] in ('growth', 'share', 'rate') and r['unit'] not in ('%', '百分点'): err('percent unit expected')
        if r['status'] == 'target' and r['year'] != r['report_year']: err('target year != report_year')
        if r['status'] != 'target' and r['year'] >= r['report_year']: err('result year >= report_year')
        if split_of.setdefault(r['file'], r['split']) != r['split']: err('split differs within a file')
        key = (r['file'], r['year'], r['metric'], r['measure'], r['status'])
        seen[key] += 1
        if seen[key] > 1: err(f'duplicate metric/year/measure/status {key[1:]}')
    metrics = canonical_metrics()
    for i, r in enumerate(rows, 1):
        if r['metric'] not in metrics: errors.append(f'row {i}: metric {r["metric"]} not in lexicons/metrics.txt')
    salt = SALTS.get(os.path.basename(path))
    if salt:
        prefix, n_held = salt
        order = sorted(split_of, key=lambda m: hashlib.sha256((prefix + m).encode('utf-8')).hexdigest())
        for k, m in enumerate(order):
            want_split = 'heldout' if k < n_held else 'dev'
            if split_of[m] != want_split: errors.append(f'{m}: split {split_of[m]}, hash order gives {want_split}')
    earlier = EARLIER.get(os.path.basename(path))
    if earlier is not None:
        used = set()
        for name in earlier:
            used |= {json.loads(l)['file'] for l in open(os.path.join(HERE, name), encoding='utf-8') if l.strip()}
        for m in split_of:
            if m in used or m in EXCLUDED: errors.append(f'{m}: report already used ({", ".join(earlier)} or elsewhere)')
    c = collections.Counter
    print(f'rows {len(rows)}, reports {len(split_of)}')
    print('reports by split', dict(c(split_of.values())))
    print('rows by split', dict(c(r['split'] for r in rows)))
    print('rows by split x status', dict(c((r['split'], r['status']) for r in rows)))
    print('rows by status', dict(c(r['status'] for r in rows)))
    print('rows by measure', dict(c(r['measure'] for r in rows)))
    print('rows by metric', dict(c(r['metric'] for r in rows).most_common()))
    if inside_heldout[0]:
        print(f'WARNING: {inside_heldout[0]} heldout row(s) with a span inside a longer number (not shown; for the lead to review)')
    if errors:
        print(f'{len(errors)} ERRORS'); [print(' ', e) for e in errors]
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
