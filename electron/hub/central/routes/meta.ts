/**
 * GET /v1/meta and GET /v1/reference of the reference server (docs/spec/central-api.md): the
 * schema version and region binding with the server's time, and the reference as held.
 */
import type { Meta } from '../../../../shared/schema.js';
import { sendBody, type RouteHandler, type ServerContext } from '../context.js';

export function metaRoute(ctx: ServerContext, meta: () => Meta): RouteHandler {
  return (_req, res) => sendBody(ctx, res, JSON.stringify({ ...meta(), serverTime: new Date().toISOString() }));
}

export function referenceRoute(ctx: ServerContext): RouteHandler {
  return (_req, res) => sendBody(ctx, res, JSON.stringify(ctx.store.reference));
}
