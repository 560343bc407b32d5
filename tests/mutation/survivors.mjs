// Lists the mutants that were not killed in Stryker's JSON report (docs/testing.md, «Mutation scores»):
//   node tests/mutation/survivors.mjs [reports/mutation/mutation.json]
// One line each: status file:line:column mutator «original» → «replacement», then the totals.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const counts = {};
for (const [name, f] of Object.entries(report.files)) {
  const lines = f.source.split('\n');
  for (const m of f.mutants) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const { start, end } = m.location;
    const original = start.line === end.line
      ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
      : `${lines[start.line - 1].slice(start.column - 1)}…`;
    const cut = (s) => (s.length > 90 ? `${s.slice(0, 90)}…` : s).replace(/\s+/g, ' ');
    console.log(`${m.status} ${name}:${start.line}:${start.column} ${m.mutatorName} «${cut(original)}» → «${cut(m.replacement ?? '')}»`);
  }
}
const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const valid = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
console.log(JSON.stringify(counts), `score ${valid ? ((100 * killed) / valid).toFixed(2) : '–'} %`);
