// js-yaml (electron-builder's own YAML reader, used by build/check-packaging.mjs) ships no types.
declare module 'js-yaml' {
  const yaml: { load(text: string): unknown };
  export default yaml;
}
