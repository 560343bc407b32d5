/** `export`: current messages of the cache as JSONL on stdout, sorted by id, in the contract's shape. */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';

const FLUSH_AT = 1 << 16;

export const command: Command = {
  name: 'export',
  summary: 'выгрузить текущие обращения кэша в JSONL (stdout), по возрастанию id',
  usage: `Использование: situation-wall export --cache КЭШ [> ОБРАЩЕНИЯ.jsonl]

Печатает в stdout текущие обращения кэша: по одному объекту Message контракта central-api.md
в строке, в том виде, в каком они пришли, по возрастанию id. Удалённые (надгробия) и записи
карантина не выгружаются. Кэш открывается только для чтения.
  --cache КЭШ    файл кэша`,
  options: { cache: { type: 'string' } },
  async run(ctx) {
    const cache = openCache(requireString(ctx, 'cache'), { readonly: true });
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
      for (const json of cache.exportJson()) {
        buf += json + '\n';
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
