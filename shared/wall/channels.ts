/**
 * IPC channel names of the shell bridge. Dependency-free so the sandboxed preload bundles only
 * these strings; the payload schemas are in ./ipc.ts.
 */
export const INVOKE_CHANNELS = ['wall:getState', 'wall:subscribe', 'wall:intent', 'hub:request', 'console:action', 'console:report'] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Channels refused from wall windows: a wall is read-only, only a console changes things. */
export const CONSOLE_ONLY_CHANNELS: readonly InvokeChannel[] = ['wall:intent', 'console:action', 'console:report'];

/** Main → renderer push of a WallSnapshot, to windows that called `wall:subscribe`. */
export const STATE_PUSH_CHANNEL = 'wall:state';

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(c);
}
