/**
 * The error a hub service throws for a request it refuses: the router answers it as
 * `{ ok: false, error: { code, message } }` with the service's Russian message.
 */
import type { ErrorCode } from '../../../shared/bridge/protocol.js';

export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The first line of an error's message (for one-line Russian reports). */
export function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}
