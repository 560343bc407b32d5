/** Runs the command line in-process with captured output, as the CLI tests need it. */
import { Writable } from 'node:stream';
import { main } from '../../electron/hub/cli/main.js';

/** A writable that keeps what was written, as text. */
export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

/** `situation-wall <argv…>` through the dispatcher: exit code, stdout, stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}
