/** `export --cache DB --masked`: the export with texts masked as on the wall, contract fields only. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { maskPersonalData } from '../../../../../../shared/mask.js';
import { REF, msg, tempDir } from '../../../../../support/cache-fixtures.js';
import { runCli } from '../../../../../support/cli.js';


const run = runCli;

const TEXTS: Record<string, string> = {
  'm-1': 'Петрова Анна Викторовна, ул. Мишенная, д. 114, кв. 9, тел. 8-924-111-22-33, anna.petrova@bk.ru.',
  'm-2': 'СНИЛС 123-456-789 01, ИНН 410123456707, машина А123ВС 41, карта 4276 1234 5678 9014.',
  'm-3': 'На ул. Ленина 5 ям, ответ по закону № 59-ФЗ за 30 дней, маршрут 12.',
  'm-4': 'Звоните (342) 236-11-09 или 8 (3012) 21-34-56. ' + 'очень долго '.repeat(3000),
};
const SECRETS = ['Петрова', '8-924-111-22-33', 'anna.petrova', 'Мишенная', '123-456-789 01', '410123456707', 'А123ВС', '4276 1234', '236-11-09', '21-34-56'];

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(async () => {
  tmp = tempDir();
  db = tmp.file('wall.sqlite');
  const ref = tmp.file('ref.json');
  writeFileSync(ref, JSON.stringify(REF));
  const lines = Object.entries(TEXTS).map(([id, text]) => JSON.stringify(msg(id, 1, { text, operatorNote: 'звонить Петровой 89241112233' })));
  lines.push(JSON.stringify(msg('m-5', 1, { text: null })));
  const file = tmp.file('in.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await run(['import', '--cache', db, '--reference', ref, file]);
  expect(r.code).toBe(0);
});
afterEach(() => tmp.cleanup());

describe('export --masked', () => {
  it('masks every text as the wall does and leaves no personal datum anywhere in the file', async () => {
    const plain = await run(['export', '--cache', db]);
    const masked = await run(['export', '--cache', db, '--masked']);
    expect(masked.code).toBe(0);
    expect(masked.err).toBe('');
    const rows = masked.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const plainRows = plain.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.id)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    for (const r of rows) {
      const id = r.id as string;
      if (TEXTS[id] !== undefined) expect(r.text).toBe(maskPersonalData(TEXTS[id]));
    }
    expect(rows[0]!.text).toBe('[ФИО], [адрес], тел. [телефон], [e-mail].');
    expect(rows[1]!.text).toBe('СНИЛС [СНИЛС], ИНН [ИНН], машина [госномер], карта [карта].');
    // Counts, laws and routes stay.
    expect(rows[2]!.text).toBe(TEXTS['m-3']);
    expect(rows[4]!.text).toBeNull();
    for (const s of SECRETS) expect(masked.out).not.toContain(s);
    // The plain export still carries everything as received.
    expect(plain.out).toContain('8-924-111-22-33');
    // Everything but the text (and fields beyond the contract) is as in the plain export.
    rows.forEach((r, i) => {
      const { text: _t, operatorNote: _n, ...rest } = plainRows[i]!;
      const { text: _m, ...mine } = r;
      expect(mine).toEqual(rest);
      expect('operatorNote' in r).toBe(false);
    });
  });

  it('is documented in the usage', async () => {
    const r = await run(['export', '--help']);
    expect(r.out + r.err).toMatch(/--masked/);
  });
});
