#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure. Each step's output is
// passed through; lines of the form `<word>: N passed, N failed[, N skipped]` are added up into
// one closing line, `total: N passed, N failed, N skipped`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const STEPS = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['unit and integration tests', ['run', 'test:unit']],
  ['security scan', ['run', 'security']],
  ['build', ['run', 'build']],
  ['packaging check', ['run', 'check:packaging']],
  ['end-to-end (Chromium)', ['run', 'e2e']],
  ['end-to-end (Electron)', ['run', 'e2e:electron']],
];
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const SUMMARY = /^\s*[\w-]+:\s+(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/;

function run(label, args) {
  return new Promise((resolve) => {
    process.stdout.write(`\n### ${label}: npm ${args.join(' ')}\n`);
    const t0 = Date.now();
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let rest = '';
    const scan = (chunk) => {
      const text = rest + chunk.toString();
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const m = SUMMARY.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m) {
          totals.passed += Number(m[1]);
          totals.failed += Number(m[2]);
          totals.skipped += Number(m[3] ?? 0);
        }
      }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      scan(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      scan('\n');
      process.stdout.write(`### ${label}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      resolve(code ?? 1);
    });
  });
}

// Tools the later steps need from the machine, checked before the first step so that a machine
// without them stops at once with one line saying what to install (never a stack trace at the end).
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const NEEDS = [
  { step: 'end-to-end (Chromium)', ok: () => existsSync(chromium), say: `нет Chromium (${chromium}): установите его командой «apt-get install -y chromium» (или задайте CHROMIUM=путь) — или запустите «bash .ci/run», который ставит всё нужное` },
  { step: 'unit and integration tests', ok: () => ['/usr/bin/pdftotext', '/usr/bin/pdftoppm'].every(existsSync), say: 'нет pdftotext/pdftoppm (проверка PDF-справки): установите их командой «apt-get install -y poppler-utils» — или запустите «bash .ci/run»' },
];
const selected = (label) => !only.length || only.some((o) => label.startsWith(o));
for (const need of NEEDS) {
  if (selected(need.step) && !need.ok()) {
    process.stderr.write(`npm test: ${need.say}\n`);
    process.stdout.write(`\ntotal: 0 passed, 1 failed, 0 skipped\n`);
    process.exit(2);
  }
}

let exit = 0;
for (const [label, args] of STEPS) {
  if (!selected(label)) continue;
  const code = await run(label, args);
  if (code !== 0) {
    exit = code;
    totals.failed += totals.failed === 0 ? 1 : 0;
    break;
  }
}
process.stdout.write(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(exit);
