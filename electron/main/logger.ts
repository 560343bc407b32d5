/**
 * A tiny rotating logger: one line per entry («2026-11-21T09:15:00.000Z WARN текст»), appended
 * synchronously (nothing lost on a crash); when the file would pass `maxBytes` it becomes .1, .1
 * becomes .2 … and the oldest beyond `files` is deleted.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '../../shared/config.js';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export interface RotatingLoggerOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  /** Files kept, the current one included. */
  files?: number;
  level?: LogLevel;
  now?: () => Date;
  /** Also echo to this stream (stderr in development). */
  echo?: (line: string) => void;
}

export class RotatingLogger implements Logger {
  readonly path: string;
  private size: number;
  private level: LogLevel;
  private readonly maxBytes: number;
  private readonly files: number;

  constructor(private readonly o: RotatingLoggerOptions) {
    mkdirSync(o.dir, { recursive: true });
    this.path = join(o.dir, o.name ?? 'situation-wall.log');
    this.maxBytes = o.maxBytes ?? 1024 * 1024;
    this.files = Math.max(1, o.files ?? 5);
    this.level = o.level ?? 'info';
    this.size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(msg: string): void {
    this.write('error', msg);
  }
  warn(msg: string): void {
    this.write('warn', msg);
  }
  info(msg: string): void {
    this.write('info', msg);
  }
  debug(msg: string): void {
    this.write('debug', msg);
  }

  private write(level: LogLevel, msg: string): void {
    if (RANK[level] > RANK[this.level]) return;
    const line = `${(this.o.now?.() ?? new Date()).toISOString()} ${level.toUpperCase()} ${msg.replace(/\r?\n/g, ' ⏎ ')}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.path, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // A full or read-only disk must not take the wall down.
    }
    this.o.echo?.(line);
  }

  private rotate(): void {
    const name = (i: number) => (i === 0 ? this.path : `${this.path}.${i}`);
    rmSync(name(this.files - 1), { force: true });
    for (let i = this.files - 2; i >= 0; i--) if (existsSync(name(i))) renameSync(name(i), name(i + 1));
    this.size = 0;
  }
}
