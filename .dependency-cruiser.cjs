/**
 * Import cycles are forbidden in every layer, type-only imports included (docs/architecture.md,
 * "Layers"). ESLint (eslint.config.js) keeps the layer rules; dependency-cruiser keeps the cycles,
 * because it sees `import type` too (tsPreCompilationDeps). Run by `npm run lint`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Import cycle (type-only imports count too): split the shared piece into its own module.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|dist-[^/]+|out|coverage|tests/artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
