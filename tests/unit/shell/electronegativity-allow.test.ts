import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { judge, loadAllowList, sourceLine } from '../../security/electronegativity.js';

const ELECTRON = resolve(import.meta.dirname, '../../../electron');

describe('electronegativity allow-list', () => {
  it('every entry names a check, a file and the exact flagged line, which exists there once', () => {
    const list = loadAllowList();
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) {
      expect(e.id).toMatch(/^[A-Z_]+_CHECK$/);
      const lines = readFileSync(join(ELECTRON, e.file), 'utf8').split('\n').map((l) => l.trim());
      expect(lines.filter((l) => l === e.line.trim()), `${e.id} ${e.file}: «${e.line}»`).toHaveLength(1);
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });

  it('the accepted CSP finding is the CSP header line of main/security.ts, nothing wider', () => {
    const csp = loadAllowList().filter((e) => e.id === 'CSP_GLOBAL_CHECK');
    expect(csp.map((e) => `${e.file}: ${e.line}`)).toEqual(["main/security.ts: headers['Content-Security-Policy'] = [CSP];"]);
    // The line the checker flags (line 95 when reviewed) still says that.
    const at = readFileSync(join(ELECTRON, 'main/security.ts'), 'utf8').split('\n').findIndex((l) => l.includes("headers['Content-Security-Policy'] = [CSP];")) + 1;
    expect(sourceLine(ELECTRON, 'main/security.ts', at)).toBe(csp[0]!.line);
  });

  it('a finding is accepted only for its check id, file and line text; unused entries are reported stale', () => {
    const allow = [
      { id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', line: "headers['Content-Security-Policy'] = [CSP];", reason: 'x'.repeat(30) },
      { id: 'X', file: 'y.ts', line: 'z', reason: 'x'.repeat(30) },
    ];
    const lines: Record<string, string> = {
      'main/security.ts:95': "headers['Content-Security-Policy'] = [CSP];",
      'main/security.ts:12': "session.setPermissionRequestHandler(() => true);",
      'main/shell.ts:95': "headers['Content-Security-Policy'] = [CSP];",
    };
    const r = judge(
      [
        { id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', location: { line: 95 } },
        { id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', location: { line: 12 } },
        { id: 'CSP_GLOBAL_CHECK', file: 'main/shell.ts', location: { line: 95 } },
        { id: 'SANDBOX_JS_CHECK', file: 'main/security.ts', location: { line: 95 } },
        { id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts' },
      ],
      allow,
      '/repo/electron',
      (i) => lines[`${i.file}:${i.location?.line}`] ?? null,
    );
    expect(r.bad.map((i) => `${i.id} ${i.file}:${i.location?.line ?? '?'}`)).toEqual([
      'CSP_GLOBAL_CHECK main/security.ts:12',
      'CSP_GLOBAL_CHECK main/shell.ts:95',
      'SANDBOX_JS_CHECK main/security.ts:95',
      'CSP_GLOBAL_CHECK main/security.ts:?',
    ]);
    expect(r.stale.map((a) => a.id)).toEqual(['X']);
  });

  it('an entry without the flagged line is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-eneg-'));
    const f = join(dir, 'allow.json');
    writeFileSync(f, JSON.stringify({ allow: [{ id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', reason: 'x'.repeat(30) }] }));
    expect(() => loadAllowList(f)).toThrow(/line/);
    writeFileSync(f, JSON.stringify({ allow: [{ id: 'CSP_GLOBAL_CHECK', file: 'main/security.ts', line: "headers['Content-Security-Policy'] = [CSP];", reason: 'x'.repeat(30) }] }));
    expect(loadAllowList(f)).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
