import { describe, expect, it } from 'vitest';
import { base64Bytes, makeReport, outcomeText } from '../../../../../../renderer/src/console/report/save.js';
import type { Bridge } from '../../../../../../shared/bridge/client.js';
import { BridgeError } from '../../../../../../shared/bridge/client.js';

const PDF = Buffer.from('%PDF-1.7 справка');

function bridge(answer: () => Promise<unknown>): Bridge & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    request: (method: string, params: unknown) => {
      calls.push([method, params]);
      return answer();
    },
  } as unknown as Bridge & { calls: unknown[] };
}

describe('the console’s справка: browser mode (a download)', () => {
  it('asks the hub for the format and hands its bytes to the download under the hub’s file name', async () => {
    const b = bridge(async () => ({ format: 'pdf', fileName: 'Справка-Камчатский_край-21.11.2026.pdf', base64: PDF.toString('base64'), bytes: PDF.length }));
    const got: [Uint8Array, string, string][] = [];
    const o = await makeReport(b, 'pdf', { shell: null, download: (bytes, name, mime) => void got.push([bytes, name, mime]) });
    expect(b.calls).toEqual([['makeReport', { format: 'pdf' }]]);
    expect(Buffer.from(got[0]![0])).toEqual(PDF);
    expect(got[0]!.slice(1)).toEqual(['Справка-Камчатский_край-21.11.2026.pdf', 'application/pdf']);
    expect(outcomeText(o)).toBe('Справка скачана: Справка-Камчатский_край-21.11.2026.pdf');
  });

  it('a refusal is told in Russian and nothing is downloaded', async () => {
    const b = bridge(() => Promise.reject(new BridgeError('forbidden', 'метод makeReport доступен только пульту')));
    let downloaded = false;
    const o = await makeReport(b, 'xlsx', { shell: null, download: () => void (downloaded = true) });
    expect(outcomeText(o)).toBe('Справка не составлена: метод makeReport доступен только пульту');
    expect(downloaded).toBe(false);
  });

  it('base64 decodes to the exact bytes', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(Buffer.from(base64Bytes(all.toString('base64')))).toEqual(all);
  });
});

describe('the console’s справка: desktop (the shell saves it)', () => {
  it('asks the shell with the format only (no path), and says where it was saved', async () => {
    const invoked: unknown[] = [];
    const shell = {
      invoke: async (channel: string, payload?: unknown) => {
        invoked.push([channel, payload]);
        return { ok: true, path: '/home/дежурный/Справка.pdf', format: 'pdf', bytes: 10 };
      },
      onState: () => () => undefined,
    };
    const b = bridge(() => Promise.reject(new Error('the hub is not asked directly')));
    const o = await makeReport(b, 'pdf', { shell });
    expect(invoked).toEqual([['console:report', { format: 'pdf' }]]);
    expect(b.calls).toEqual([]);
    expect(outcomeText(o)).toBe('Справка сохранена: /home/дежурный/Справка.pdf');
  });

  it('a cancelled dialog and a shell refusal read in Russian', async () => {
    const cancel = { invoke: async () => ({ ok: false, cancelled: true }), onState: () => () => undefined };
    expect(outcomeText(await makeReport(bridge(async () => null), 'pdf', { shell: cancel }))).toBe('Сохранение справки отменено');
    const refused = {
      invoke: () => Promise.reject(new Error("Error invoking remote method 'console:report': Error: отказано: канал console:report доступен только пульту")),
      onState: () => () => undefined,
    };
    expect(outcomeText(await makeReport(bridge(async () => null), 'pdf', { shell: refused }))).toBe('Справка не сохранена: отказано: канал console:report доступен только пульту');
  });
});
