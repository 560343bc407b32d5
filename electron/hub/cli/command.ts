/** The shape of one command of the command line. Each lives in commands/<name>.ts. */
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  /** One line, Russian, shown in the command list. */
  summary: string;
  /** Full usage text shown by `--help`. */
  usage: string;
  options: OptionSpec;
  /** Whether positional arguments are accepted. */
  allowPositionals?: boolean;
  run(ctx: CommandContext): Promise<number | void> | number | void;
}

export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** An error that the CLI prints as one line on stderr, with a non-zero exit and no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function requireString(ctx: CommandContext, name: string): string {
  const v = ctx.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`не задан обязательный параметр --${name}`);
  return v;
}

export function optionalString(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The longest demonstration history a command generates: a year and a month (memory and time stay bounded). */
export const MAX_DEMO_DAYS = 400;

export function parseIntOption(ctx: CommandContext, name: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = ctx.values[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(
      max === Number.MAX_SAFE_INTEGER
        ? `--${name}: ожидалось целое число не меньше ${min}, получено «${String(v)}»`
        : `--${name}: ожидалось целое число от ${min} до ${max}, получено «${String(v)}»`,
    );
  return n;
}

export function parseInstantOption(ctx: CommandContext, name: string): number {
  const v = requireString(ctx, name);
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(t))
    throw new UsageError(`--${name}: ожидалась метка времени RFC 3339 со смещением (например 2026-11-21T09:15:00+12:00), получено «${v}»`);
  return t;
}
