#!/usr/bin/env node
// Entry of `npx situation-wall <command>`. The CLI is TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `situation-wall: нужен Node.js 22 или новее (сейчас ${process.versions.node}). ` +
      'Запускайте через npx или npm run, они берут Node 22 из node_modules/.bin.\n',
  );
  process.exit(1);
}
// A closed pipe (`situation-wall actions --json | head`) ends the command quietly, as a Unix tool does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
