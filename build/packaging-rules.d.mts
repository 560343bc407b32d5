// Types of build/packaging-rules.mjs (used by tests/unit/electron/main/packaging.test.ts).
export declare const FLOOR: { GLIBC: string; GLIBCXX: string };
export declare const BUILDER_DEFAULT_DEPENDS: { deb: string[]; rpm: string[] };
export declare const EXTRA_DEPENDS: { deb: string[]; rpm: string[] };
export declare const LAUNCHER_ARGS: string[];
export declare const OPTIONAL_NATIVE: Record<string, string>;
export declare function compareVersions(a: string, b: string): number;
export declare function elfVersionNeeds(buf: Buffer): string[];
export declare function checkNative(
  path: string,
  buf: Buffer,
  floor?: { GLIBC: string; GLIBCXX: string },
): { path: string; glibc: string | null; glibcxx: string | null; above: string[]; optional: string | null; ok: boolean };
export declare function checkConfig(builder: unknown, files: { autostart: string; unit: string; launcher: string; shell: string }): string[];
export declare function readKioskFiles(root: string, shellFile: string): { autostart: string; unit: string; launcher: string; shell: string };
