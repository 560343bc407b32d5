/**
 * `situation-wall plan --displays DISPLAYS.json [--config CONFIG.json] [--json]`: the wall plan the
 * shell would apply for these displays (as Electron's screen.getAllDisplays() reports them).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Command } from '../command.js';
import { CliError, optionalString, requireString } from '../command.js';
import { DEFAULT_CONFIG, parseConfigText } from '../../../../shared/config.js';
import { DisplaySchema, planWall } from '../../../../shared/wall/plan.js';
import type { Display, Rect, SceneRef, WallPlan } from '../../../../shared/wall/plan.js';
import { describeZodError } from '../../../../shared/schema.js';

const DisplaysFileSchema = z.union([z.array(DisplaySchema), z.object({ displays: z.array(DisplaySchema) }).transform((v) => v.displays)]);

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CliError(code === 'ENOENT' ? `${what}: файл не найден: ${path}` : `${what}: не удалось прочитать ${path} (${code ?? String(e)})`);
  }
}

export async function readDisplays(path: string): Promise<Display[]> {
  const text = await readText(path, '--displays');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--displays: ${path} не JSON — ${(e as Error).message}`);
  }
  const r = DisplaysFileSchema.safeParse(json);
  if (!r.success) throw new CliError(`--displays: ${path}: ожидался список дисплеев screen.getAllDisplays() — ${describeZodError(r.error)}`);
  const seen = new Set<number>();
  for (const d of r.data) {
    if (seen.has(d.id)) throw new CliError(`--displays: ${path}: дисплей с id ${d.id} указан дважды`);
    seen.add(d.id);
  }
  return r.data;
}

const rectText = (r: Rect) => `${r.width}×${r.height} в (${r.x}, ${r.y})`;
const sceneText = (s: SceneRef) => (typeof s === 'string' ? `сцена «${s}»` : `панели ${s.panels.join(', ')}`);

export function formatPlan(plan: WallPlan, displays: readonly Display[]): string {
  const label = (id: number) => {
    const d = displays.find((x) => x.id === id);
    return d?.label ? `дисплей ${id} «${d.label}»` : `дисплей ${id}`;
  };
  const lines: string[] = [];
  lines.push(
    plan.mode === 'span'
      ? `Режим: одна картинка на всю стену (span), холст ${plan.canvas!.width}×${plan.canvas!.height} DIP`
      : 'Режим: у каждого дисплея своя сцена (per-display)',
  );
  lines.push(`Окна стены (${plan.windows.length}):`);
  for (const w of plan.windows)
    lines.push(`  ${label(w.display)}: ${rectText(w.bounds)}${w.slice ? `, срез холста ${rectText(w.slice)}` : ''}, ${sceneText(w.scene)}`);
  if (plan.windows.length === 0) lines.push('  (нет)');
  lines.push(plan.console ? `Пульт: ${label(plan.console.display)}, ${rectText(plan.console.bounds)}` : 'Пульт: не назначен');
  if (plan.warnings.length) {
    lines.push('Предупреждения:');
    for (const w of plan.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n') + '\n';
}

export const command: Command = {
  name: 'plan',
  summary: 'план окон стены для заданных дисплеев (span или по дисплеям)',
  usage: `Использование: situation-wall plan --displays DISPLAYS.json [--config CONFIG.json] [--json]

Показывает, какие окна откроет оболочка: на каком дисплее, где, какой срез общего холста
(режим span, с учётом рамок) или какую сцену. Дисплеи — список в формате Electron
screen.getAllDisplays() (массив или { "displays": [...] }); конфигурация — файл оболочки.

  --displays FILE   список дисплеев (JSON)
  --config FILE     конфигурация (JSON); без неё — значения по умолчанию
  --json            вывести план в JSON: { mode, canvas, windows, warnings, console }`,
  options: {
    displays: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const displaysPath = requireString(ctx, 'displays');
    const configPath = optionalString(ctx, 'config');
    const displays = await readDisplays(displaysPath);
    let config = DEFAULT_CONFIG;
    if (configPath !== undefined) {
      const r = parseConfigText(await readText(configPath, '--config'));
      if (!r.ok) throw new CliError(`--config: ${configPath}: ${r.errors.join('; ')}`);
      config = r.config;
    }
    const plan = planWall(displays, { wall: config.wall, console: config.console });
    ctx.stdout.write(ctx.values.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan, displays));
    return 0;
  },
};
