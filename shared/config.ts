/**
 * The configuration file of the shell (JSON), its schema, Russian error messages naming the bad
 * field, and the merge with command-line flags. Pure and isomorphic.
 *
 * {
 *   "region": "kamchatka",                                  // shared/regions.ts id
 *   "source": { "kind": "demo", "region": "perm", "liveRate": 2 }
 *           | { "kind": "api", "url": "https://…", "tokenRef": "default" },
 *   "wall": { "mode": "span" | "per-display", "bezel": { "horizontal": 24, "vertical": 24 },
 *             "geometry": { "widthM": 2.4, "distanceM": 6 },        // metres: the minimum text height follows
 *             "scene": "operational", "displays": [ { "match": { "label": "…" }, "scene": "briefing" } ] },
 *           // or a display's own panels: { "match": { "index": 2 }, "panels": ["queue", "ticker"] } — ids of
 *           // shared/wall/panels.ts; an unknown or repeated id is an error naming it and the valid ones
 *   "console": { "label": "…" } | { "row": 0, "col": 1 } | { "index": 2 } | { "id": 7 } | { "internal": true } | null,
 *   "playlist": { "scenes": ["operational", "briefing"], "intervalSec": 60 } | null,
 *   "window": "today" | "24h" | "7d" | "30d",                  // the wall's period at start (a console changes it)
 *   "thresholds": { "zoneGreen": 80 },                       // any keys of Thresholds, numbers
 *   "kiosk": true,
 *   "logLevel": "info",
 *   "hall": { "ozone": "x11", "gpu": { "ignoreBlocklist": true, "angle": "default", "swiftshader": true },
 *             "passwordStore": "auto", "plainTextToken": false, "diagnostics": false }   // docs/kiosk.md
 * }
 *
 * The API token is never in this file: the shell keeps it encrypted with Electron safeStorage in a
 * separate file; `tokenRef` only names which stored token to use.
 */
import { z } from 'zod';
import { DEFAULT_REGION, REGION_IDS, isRegionId } from './regions.js';
import type { RegionId } from './regions.js';
import { PartialThresholdsSchema } from './engine/thresholds.js';
import { DisplayMatcherSchema, WallConfigSchema } from './wall/plan.js';
import { DEFAULT_INTERVAL_SEC, MAX_INTERVAL_SEC, MIN_INTERVAL_SEC, SceneIdSchema, WindowPresetSchema } from './bridge/wallState.js';

const RegionSchema = z.enum(REGION_IDS);

const HttpUrl = z
  .string()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
    } catch {
      return false;
    }
  }, { error: 'ожидался адрес http:// или https://' });

export const SourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('demo'),
      region: RegionSchema.optional(),
      /** Live feed rate of the demo source, messages per minute (0: a still picture). */
      liveRate: z.number().min(0).max(100_000).optional(),
    }),
    z.strictObject({
      kind: z.literal('api'),
      url: HttpUrl,
      tokenRef: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'ожидалось имя из латинских букв, цифр, «_» и «-» (до 64 знаков)' })
        .optional(),
    }),
  ],
);
export type Source = z.infer<typeof SourceSchema>;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The playlist as configured (the running playlist's state is PlaylistSchema of shared/bridge/wallState.ts). */
export const PlaylistConfigSchema = z.strictObject({
  scenes: z.array(SceneIdSchema).min(1).max(200),
  intervalSec: z.number().int().min(MIN_INTERVAL_SEC).max(MAX_INTERVAL_SEC).default(DEFAULT_INTERVAL_SEC),
});

/**
 * The hall's machine: how Chromium is started on the kiosk (docs/kiosk.md). Applied by the shell
 * before 'ready' (electron/main/switches.ts); the Ozone platform also travels in the packages'
 * launchers, as Chromium picks it before the app's code runs.
 */
export const HallSchema = z.strictObject({
  /** x11 (default: windows can be placed; XWayland on a Wayland session), wayland, or auto. */
  ozone: z.enum(['x11', 'wayland', 'auto']).default('x11'),
  gpu: z
    .strictObject({
      /** --ignore-gpu-blocklist: the hall's GPU is known; old Mesa on Astra is often blocklisted. */
      ignoreBlocklist: z.boolean().default(true),
      /** --use-angle=…: the ANGLE backend; "default" leaves Chromium's choice. */
      angle: z.enum(['default', 'gl', 'gles', 'vulkan', 'swiftshader']).default('default'),
      /** --enable-unsafe-swiftshader: WebGL on the CPU when no GPU can serve it (VM, broken driver). */
      swiftshader: z.boolean().default(true),
    })
    .default({ ignoreBlocklist: true, angle: 'default', swiftshader: true }),
  /** --password-store=…: where safeStorage keeps its key; "auto" lets Chromium pick by desktop. */
  passwordStore: z.enum(['auto', 'gnome-libsecret', 'kwallet5', 'kwallet6', 'basic']).default('auto'),
  /** Allow the token with basic_text (a built-in key, the file 0600): only where no keyring can be had. */
  plainTextToken: z.boolean().default(false),
  /** DevTools on the windows (Ctrl+Shift+I on the console) and Chromium logging to the journal. */
  diagnostics: z.boolean().default(false),
});
export type HallConfig = z.infer<typeof HallSchema>;

export const ConfigSchema = z.strictObject({
  region: RegionSchema.default(DEFAULT_REGION),
  source: SourceSchema.default({ kind: 'demo' }),
  wall: WallConfigSchema.default(WallConfigSchema.parse({})),
  console: DisplayMatcherSchema.nullable().default(null),
  playlist: PlaylistConfigSchema.nullable().default(null),
  /** The wall's period on a fresh start (a restored wall state keeps the operator's choice). */
  window: WindowPresetSchema.default('today'),
  /** Any keys of Thresholds (docs/spec/kpi.md), checked as `--thresholds FILE` is. */
  thresholds: PartialThresholdsSchema.default({}),
  kiosk: z.boolean().default(true),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  hall: HallSchema.default(HallSchema.parse({})),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});

const TYPE_PHRASES: Record<string, string> = {
  number: 'ожидалось число',
  int: 'ожидалось целое число',
  string: 'ожидалась строка',
  boolean: 'ожидалось true или false',
  object: 'ожидался объект',
  array: 'ожидался список (массив)',
  null: 'ожидалось null',
};

function show(v: unknown): string {
  if (v === undefined) return 'ничего';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

function sizeNoun(origin: string, n: number | bigint): string {
  if (origin === 'array') return `${n} элем.`;
  if (origin === 'string') return `${n} знак.`;
  return String(n);
}

/** Russian text for a zod issue: what was expected. The input is appended by formatIssues. */
function ruMessage(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case 'invalid_type': {
      const phrase = TYPE_PHRASES[iss.expected] ?? `ожидалось ${iss.expected}`;
      // A number field with a range: say the range too («ожидалось число ≥ 0»).
      const range = iss.inst as { minValue?: number | null; maxValue?: number | null } | undefined;
      if ((iss.expected === 'number' || iss.expected === 'int') && range) {
        const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER;
        const parts = [finite(range.minValue) ? `≥ ${range.minValue}` : '', finite(range.maxValue) ? `≤ ${range.maxValue}` : ''].filter(Boolean);
        if (parts.length) return `${phrase} ${parts.join(' и ')}`;
      }
      return phrase;
    }
    case 'too_small': {
      const n = iss.minimum as number;
      if (iss.origin === 'number' || iss.origin === 'int') return `ожидалось число ${iss.inclusive ? '≥' : '>'} ${n}`;
      if (iss.origin === 'string' && n === 1) return 'ожидалась непустая строка';
      if (iss.origin === 'array' && n === 1) return 'ожидался непустой список';
      return `ожидалось не меньше ${sizeNoun(String(iss.origin), n)}`;
    }
    case 'too_big': {
      const n = iss.maximum as number;
      if (iss.origin === 'number' || iss.origin === 'int') return `ожидалось число ${iss.inclusive ? '≤' : '<'} ${n}`;
      return `ожидалось не больше ${sizeNoun(String(iss.origin), n)}`;
    }
    case 'invalid_value':
      return `ожидалось одно из: ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return iss.format === 'regex' ? 'значение не подходит по формату' : `ожидался формат ${iss.format}`;
    case 'invalid_union':
      return 'значение не подходит ни под один из допустимых вариантов';
    case 'not_multiple_of':
      return `ожидалось кратное ${String(iss.divisor)}`;
    case 'unrecognized_keys':
      return 'неизвестное поле';
    default:
      return 'недопустимое значение';
  }
}

const MATCHER_HINT = 'ожидалось { "label": … } | { "row": …, "col": … } | { "index": … } | { "id": … } | { "internal": true }';
const TOKEN_KEYS = new Set(['token', 'apiToken', 'accessToken', 'password', 'secret']);

/** One line per problem: `path: what was expected, получено <value>`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string[] {
  const out: string[] = [];
  const valueAt = (path: PropertyKey[]): unknown =>
    path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
  for (const iss of issues) {
    const path = iss.path.map(String);
    const where = (p: string[]) => (p.length ? p.join('.') : '(корень)');
    if (iss.code === 'unrecognized_keys') {
      for (const k of iss.keys) {
        if (path.join('.') === 'source' && TOKEN_KEYS.has(k))
          out.push(`source.${k}: токен не хранится в файле конфигурации — задайте его с пульта, стена хранит его зашифрованным`);
        else out.push(`${where([...path, k])}: неизвестное поле`);
      }
      continue;
    }
    const input = valueAt(iss.path);
    let msg = iss.message;
    // Discriminated union whose discriminator is missing or wrong: name the discriminator itself.
    if (iss.code === 'invalid_union' && 'discriminator' in iss && typeof iss.discriminator === 'string') {
      const disc = iss.discriminator;
      const at = path[path.length - 1] === disc ? path : [...path, disc];
      out.push(`${where(at)}: ${at.join('.') === 'source.kind' ? 'ожидалось "demo" или "api"' : msg}, получено ${show(valueAt(at))}`);
      continue;
    }
    if (iss.code === 'invalid_union' && /(^|\.)(console|match)$/.test(path.join('.'))) msg = MATCHER_HINT;
    out.push(`${where(path)}: ${msg}, получено ${show(input)}`);
  }
  return out;
}

export type ParseResult<T> = { ok: true; config: T } | { ok: false; errors: string[] };

/** Validate a parsed JSON configuration. Never throws. */
export function parseConfig(json: unknown): ParseResult<Config> {
  const r = ConfigSchema.safeParse(json, { error: (iss) => ruMessage(iss) });
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, errors: formatIssues(r.error.issues, json) };
}

/** Parse JSON text of a configuration file: syntax errors are reported like field errors. */
export function parseConfigText(text: string): ParseResult<Config> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`(файл): не JSON — ${(e as Error).message}`] };
  }
  return parseConfig(json);
}

export interface ShellFlags {
  /** `--demo` (true) or `--demo REGION`. */
  demo?: RegionId | true;
  api?: string;
  config?: string;
  region?: RegionId;
  /** `--diagnostics`: hall.diagnostics for this run (DevTools, Chromium's log). */
  diagnostics?: true;
}

/**
 * Read the shell's own flags from argv. Anything else (Electron's and Chromium's own switches,
 * the app path) is ignored. Accepts `--flag value` and `--flag=value`.
 */
export function readFlags(argv: readonly string[]): { ok: true; flags: ShellFlags } | { ok: false; errors: string[] } {
  const flags: ShellFlags = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--diagnostics') {
      flags.diagnostics = true;
      continue;
    }
    const m = /^--(demo|api|config|region)(?:=(.*))?$/.exec(arg);
    if (!m) continue;
    const name = m[1]!;
    let value = m[2];
    const next = argv[i + 1];
    const takeNext = () => {
      if (value === undefined && next !== undefined && !next.startsWith('-')) {
        value = next;
        i++;
      }
    };
    if (name === 'demo') {
      // The region after --demo is optional: take the next word only if it names a region.
      if (value === undefined && next !== undefined && isRegionId(next)) {
        value = next;
        i++;
      }
      if (value === undefined) flags.demo = true;
      else if (isRegionId(value)) flags.demo = value;
      else errors.push(`--demo: неизвестный регион «${value}», ожидалось одно из: ${REGION_IDS.join(', ')}`);
      continue;
    }
    takeNext();
    if (value === undefined || value === '') {
      errors.push(`--${name}: не задано значение`);
      continue;
    }
    if (name === 'region') {
      if (isRegionId(value)) flags.region = value;
      else errors.push(`--region: неизвестный регион «${value}», ожидалось одно из: ${REGION_IDS.join(', ')}`);
    } else if (name === 'api') {
      const r = HttpUrl.safeParse(value);
      if (r.success) flags.api = value;
      else errors.push(`--api: ожидался адрес http:// или https://, получено «${value}»`);
    } else flags.config = value;
  }
  if (flags.demo !== undefined && flags.api !== undefined) errors.push('--demo и --api несовместимы: выберите один источник данных');
  if (typeof flags.demo === 'string' && flags.region && flags.demo !== flags.region)
    errors.push(`--demo ${flags.demo} и --region ${flags.region} противоречат друг другу`);
  return errors.length ? { ok: false, errors } : { ok: true, flags };
}

/**
 * Apply command-line flags over a configuration (flags win). Pure: returns a new configuration.
 *   --demo [REGION]  demo source (of REGION, which also becomes the region; otherwise of the region)
 *   --api URL        central API source (keeps the configured tokenRef)
 *   --region R       the region (and the demo source's region)
 *   --config FILE    read by the caller before parsing; ignored here
 */
export function mergeFlags(config: Config, argv: readonly string[]): ParseResult<Config> {
  const r = readFlags(argv);
  if (!r.ok) return r;
  const { flags } = r;
  let next: Config = { ...config };
  const region = typeof flags.demo === 'string' ? flags.demo : flags.region;
  if (region) next.region = region;
  if (flags.demo !== undefined) {
    const liveRate = config.source.kind === 'demo' ? config.source.liveRate : undefined;
    next.source = { kind: 'demo', ...(region ? { region } : {}), ...(liveRate !== undefined ? { liveRate } : {}) };
  } else if (flags.api !== undefined) {
    const tokenRef = config.source.kind === 'api' ? config.source.tokenRef : undefined;
    next.source = { kind: 'api', url: flags.api, ...(tokenRef ? { tokenRef } : {}) };
  } else if (region && next.source.kind === 'demo' && next.source.region) {
    next.source = { ...next.source, region };
  }
  if (flags.diagnostics) next.hall = { ...next.hall, diagnostics: true };
  next = ConfigSchema.parse(next);
  return { ok: true, config: next };
}

/** The region whose data is shown: the demo source's own region, if it names one. */
export function effectiveRegion(config: Config): RegionId {
  return config.source.kind === 'demo' && config.source.region ? config.source.region : config.region;
}
