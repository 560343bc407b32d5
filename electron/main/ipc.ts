/**
 * The IPC router of the shell: every `invoke` from a window goes through `handleInvoke`, which
 *  1. checks the sender: a main frame (not a subframe) showing an app://wall/ page, in a window
 *     the shell created;
 *  2. refuses console-only channels from wall windows (walls are read-only);
 *  3. validates the payload with its zod schema (shared/wall/ipc.ts);
 *  4. only then acts.
 * A refused call throws «отказано: …», an invalid payload «неверный запрос: …» (the renderer's
 * invoke() rejects with that message). `hub:request` answers a bridge envelope
 * `{ ok: true, result } | { ok: false, error: { code, message } }` so the renderer keeps the error code.
 */
import type { ElectronApi, IpcMainEventLike } from './api.js';
import { isAppUrl } from './security.js';
import { CHANNEL_PAYLOADS, CONSOLE_ONLY_CHANNELS, INVOKE_CHANNELS } from '../../shared/wall/ipc.js';
import type { ConsoleAction, ConsoleActionResult, InvokeChannel, ReportRequest, ReportSaveResult, WallSnapshot } from '../../shared/wall/ipc.js';
import { CONSOLE_ONLY, parseParams } from '../../shared/bridge/protocol.js';
import type { BridgeErrorInfo, Method, Response, Role } from '../../shared/bridge/protocol.js';
import type { WallState } from '../../shared/bridge/wallState.js';
import { describeZodError } from '../../shared/schema.js';

export class IpcRefused extends Error {}

export interface IpcDeps {
  /** The role of the window a webContents belongs to, or null when the shell did not create it. */
  roleOf(webContentsId: number): Role | null;
  snapshot(webContentsId: number): WallSnapshot;
  subscribe(webContentsId: number): void;
  hubRequest(role: Role, method: Method, params: unknown): Promise<Response>;
  consoleAction(action: ConsoleAction): Promise<ConsoleActionResult>;
  /** The console's «Справка»: built by the hub, saved where the operator picks in the shell's dialog. */
  saveReport(webContentsId: number, format: ReportRequest['format']): Promise<ReportSaveResult>;
  log: { warn(m: string): void };
}

export type HubEnvelope = { ok: true; result: unknown } | { ok: false; error: BridgeErrorInfo };

function refuse(deps: IpcDeps, channel: string, why: string): never {
  deps.log.warn(`IPC ${channel}: отказано — ${why}`);
  throw new IpcRefused(`отказано: ${why}`);
}

export async function handleInvoke(deps: IpcDeps, channel: InvokeChannel, event: IpcMainEventLike, payload: unknown): Promise<unknown> {
  const frame = event.senderFrame;
  if (!frame) refuse(deps, channel, 'отправитель уже закрыт');
  if (frame.parent) refuse(deps, channel, 'запрос из вложенного фрейма');
  if (!isAppUrl(frame.url)) refuse(deps, channel, `чужая страница «${String(frame.url).slice(0, 100)}»`);
  const role = deps.roleOf(event.sender.id);
  if (!role) refuse(deps, channel, 'окно создано не оболочкой');
  if (role === 'wall' && CONSOLE_ONLY_CHANNELS.includes(channel)) refuse(deps, channel, `канал ${channel} доступен только пульту`);

  const parsed = CHANNEL_PAYLOADS[channel].safeParse(payload);
  if (!parsed.success) {
    deps.log.warn(`IPC ${channel}: неверный запрос — ${describeZodError(parsed.error)}`);
    throw new IpcRefused(`неверный запрос: ${describeZodError(parsed.error)}`);
  }
  const id = event.sender.id;
  switch (channel) {
    case 'wall:getState':
      return deps.snapshot(id);
    case 'wall:subscribe':
      deps.subscribe(id);
      return deps.snapshot(id);
    case 'wall:intent': {
      const r = await deps.hubRequest('console', 'intent', parsed.data);
      if (!r.ok) throw new Error(r.error.message);
      return r.result as WallState;
    }
    case 'hub:request': {
      const { method, params } = parsed.data as { method: Method; params?: unknown };
      if (role === 'wall' && CONSOLE_ONLY.has(method)) {
        deps.log.warn(`IPC hub:request ${method}: отказано — метод только для пульта`);
        return { ok: false, error: { code: 'forbidden', message: `метод ${method} доступен только пульту` } } satisfies HubEnvelope;
      }
      const p = parseParams(method, params);
      if (!p.ok) return { ok: false, error: { code: 'bad_request', message: p.message } } satisfies HubEnvelope;
      const r = await deps.hubRequest(role, method, p.params);
      return (r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error }) satisfies HubEnvelope;
    }
    case 'console:action':
      return deps.consoleAction(parsed.data as ConsoleAction);
    case 'console:report':
      return deps.saveReport(id, (parsed.data as ReportRequest).format);
  }
}

export function registerIpc(ipcMain: ElectronApi['ipcMain'], deps: IpcDeps): void {
  for (const channel of INVOKE_CHANNELS)
    ipcMain.handle(channel, (event, payload) => handleInvoke(deps, channel, event, payload));
}
