import { describe, expect, it } from 'vitest';
import { judge, loadAllowList } from '../../security/electronegativity.js';

describe('electronegativity allow-list', () => {
  it('every entry names a check, a file and a reason', () => {
    const list = loadAllowList();
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) expect(e.reason.length).toBeGreaterThan(20);
  });
  it('a finding is accepted only for its check id and file; unused entries are reported stale', () => {
    const allow = [{ id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', reason: 'x'.repeat(30) }, { id: 'X', file: 'y.ts', reason: 'x'.repeat(30) }];
    const r = judge(
      [
        { id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts' },
        { id: 'CSP_GLOBAL_CHECK', file: 'main/shell.ts' },
        { id: 'SANDBOX_JS_CHECK', file: 'main/security.ts' },
      ],
      allow,
      '/repo/electron',
    );
    expect(r.bad.map((i) => `${i.id} ${i.file}`)).toEqual(['CSP_GLOBAL_CHECK main/shell.ts', 'SANDBOX_JS_CHECK main/security.ts']);
    expect(r.stale.map((a) => a.id)).toEqual(['X']);
  });
});
