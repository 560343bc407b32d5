/**
 * Command-line dispatcher. Every command is a module in ./commands, loaded lazily so that
 * `--help` and light commands start fast. Errors are one line on stderr and a non-zero exit.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { CliError, UsageError } from './command.js';

/** Command names in the order `--help` lists them; each is ./commands/<name>.ts exporting `command`. */
const COMMAND_NAMES = [
  'import',
  'export',
  'kpi',
  'rating',
  'queue',
  'alerts',
  'report',
  'demo',
  'sync',
  'actions',
  'act',
  'central',
  'serve',
  'plan',
] as const;

// @vite-ignore: under vitest, vite would turn this template import into a glob of ./commands/*.js,
// which matches no file (the sources are .ts) and fails with "Unknown variable dynamic import".
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = Object.fromEntries(
  COMMAND_NAMES.map((n) => [n, () => import(/* @vite-ignore */ `./commands/${n}.js`) as Promise<{ command: Command }>]),
);

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

async function listCommands(): Promise<string> {
  const lines = ['Использование: situation-wall <команда> [параметры]', '', 'Команды:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      const { command } = await load();
      lines.push(`  ${name.padEnd(10)} ${command.summary}`);
    } catch {
      lines.push(`  ${name.padEnd(10)} (недоступна в этой сборке)`);
    }
  }
  lines.push('', 'Подробнее: situation-wall <команда> --help');
  return lines.join('\n') + '\n';
}

export async function main(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = {
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || HELP_FLAGS.has(name)) {
    io.stdout.write(await listCommands());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`situation-wall: неизвестная команда «${name}». Список команд: situation-wall --help\n`);
    return 2;
  }
  try {
    const { command } = await load();
    if (rest.some((a) => a === '--help' || a === '-h')) {
      io.stdout.write(command.usage.trimEnd() + '\n');
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options,
        allowPositionals: command.allowPositionals ?? false,
        strict: true,
      });
    } catch (e) {
      throw new UsageError((e as Error).message.split('\n')[0] ?? String(e));
    }
    const code = await command.run({
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const err = e as Error & { exitCode?: number; code?: string };
    let msg = err?.message ?? String(e);
    if (!(e instanceof UsageError) && !(e instanceof CliError)) {
      if (err?.code === 'ENOENT') msg = `файл не найден: ${msg.replace(/^ENOENT: [^,]*, \w+ /, '')}`;
      else if (err?.code === 'SQLITE_NOTADB') msg = 'файл не является базой SQLite (кэшем стены)';
      else if (err?.code === 'EACCES' || err?.code === 'EPERM') msg = `нет доступа: ${msg.replace(/^E\w+: [^,]*, \w+ /, '')}`;
      else if (err?.code === 'EROFS' || err?.code === 'SQLITE_READONLY')
        msg = 'запись невозможна: файл или папка только для чтения (эта команда меняет кэш)';
      else if (err?.code === 'ENOSPC' || err?.code === 'SQLITE_FULL') msg = 'нет места на диске';
      else if (err?.code === 'SQLITE_BUSY') msg = 'кэш занят другим процессом дольше 5 с: повторите позже';
      else if (err?.code === 'SQLITE_CANTOPEN') msg = 'SQLite не открывает файл кэша (нет доступа к файлу или его папке)';
      else if (!/[а-яё]/i.test(msg)) msg = `внутренняя ошибка: ${msg}`;
    }
    io.stderr.write(`situation-wall ${name}: ${msg.split('\n')[0]}\n`);
    if (process.env.SITUATION_WALL_DEBUG && err?.stack) io.stderr.write(err.stack + '\n');
    return typeof err?.exitCode === 'number' ? err.exitCode : 1;
  }
}
