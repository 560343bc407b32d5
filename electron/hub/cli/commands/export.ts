/**
 * `export`: current messages of the cache as JSONL on stdout, sorted by id, in the contract's shape
 * (with `--as-of T`, the messages as they stood at T: docs/spec/kpi.md v2, "The state at an instant");
 * with `--masked`, texts masked as on the wall (shared/mask) and only the contract's fields kept:
 * an anonymised file to hand to a contractor.
 */
import type { Command } from '../command.js';
import { parseInstantOption, requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';
import { maskPersonalData } from '../../../../shared/mask.js';
import { MessageSchema } from '../../../../shared/schema.js';

const FLUSH_AT = 1 << 16;

/** The fields of docs/spec/central-api.md's Message, in its order. */
const CONTRACT_FIELDS = Object.keys(MessageSchema.shape);

/**
 * One stored message with its text masked (the wall's masking, cut at MAX_TEXT_CHARS like there)
 * and only the contract's fields: extra fields a source may add are not vouched for, so they stay out.
 */
export function maskedLine(json: string): string {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of CONTRACT_FIELDS) {
    if (!(k in raw)) continue;
    const v = raw[k];
    out[k] = k === 'text' && typeof v === 'string' ? maskPersonalData(v) : v;
  }
  return JSON.stringify(out);
}

export const command: Command = {
  name: 'export',
  summary: 'выгрузить текущие обращения кэша в JSONL (stdout), по возрастанию id',
  usage: `Использование: situation-wall export --cache КЭШ [--as-of ВРЕМЯ] [--masked] [> ОБРАЩЕНИЯ.jsonl]

Печатает в stdout текущие обращения кэша: по одному объекту Message контракта central-api.md
в строке, в том виде, в каком они пришли, по возрастанию id. Удалённые (надгробия) и записи
карантина не выгружаются. Кэш открывается только для чтения.
  --cache КЭШ    файл кэша
  --as-of ВРЕМЯ  обращения такими, какими они были на этот момент (RFC 3339 со смещением):
                 ревизия каждого на этот момент по истории (kpi.md, «The state at an instant»);
                 существовавших тогда и не удалённых к тому моменту
  --masked       обезличить: персональные данные в текстах заменены метками, как на стене
                 ([ФИО], [телефон], [адрес]…), поля сверх контракта не выгружаются`,
  options: { cache: { type: 'string' }, 'as-of': { type: 'string' }, masked: { type: 'boolean' } },
  async run(ctx) {
    const asOf = ctx.values['as-of'] === undefined ? null : parseInstantOption(ctx, 'as-of');
    const cache = openCache(requireString(ctx, 'cache'), { readonly: true });
    const masked = ctx.values.masked === true;
    const out = ctx.stdout;
    let failure: Error | null = null;
    let closed = false;
    // A reader that goes away (`| head`) is not an error: stop quietly.
    const onError = (e: Error & { code?: string }) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
      else failure = e;
    };
    out.on('error', onError);
    const write = async (s: string) => {
      if (out.write(s)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('error', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('error', done);
        out.on('close', done);
      });
    };
    try {
      let buf = '';
      for (const json of asOf === null ? cache.exportJson() : cache.exportJsonAt(asOf)) {
        buf += (masked ? maskedLine(json) : json) + '\n';
        if (buf.length >= FLUSH_AT) {
          await write(buf);
          buf = '';
          if (closed || failure) break;
        }
      }
      if (buf && !closed && !failure) await write(buf);
      if (failure) throw failure;
      return 0;
    } finally {
      // onError stays attached: a late EPIPE after we return must not crash the process either.
      cache.close();
    }
  },
};
