import { describe, expect, it } from 'vitest';
import {
  RequestSchema,
  ResponseSchema,
  EventSchema,
  ViewSpecSchema,
  parseParams,
  encodeHeatFrame,
  decodeBinaryFrame,
  CONSOLE_ONLY,
  BINARY_HEADER_BYTES,
} from '../../../../shared/bridge/protocol.js';
import { initialWallState } from '../../../../shared/bridge/wallState.js';

describe('bridge protocol schemas', () => {
  it('accepts a well-formed request and rejects malformed ones', () => {
    expect(RequestSchema.safeParse({ id: 1, method: 'hello', params: {} }).success).toBe(true);
    expect(RequestSchema.safeParse({ id: 1, method: 'dropTables' }).success).toBe(false);
    expect(RequestSchema.safeParse({ id: -1, method: 'hello' }).success).toBe(false);
    expect(RequestSchema.safeParse({ id: 1.5, method: 'hello' }).success).toBe(false);
    expect(RequestSchema.safeParse({ id: 2 ** 32, method: 'hello' }).success).toBe(false);
    expect(RequestSchema.safeParse({ method: 'hello' }).success).toBe(false);
    expect(RequestSchema.safeParse('hello').success).toBe(false);
  });

  it('validates responses and events', () => {
    expect(ResponseSchema.safeParse({ id: 3, ok: true, result: { a: 1 } }).success).toBe(true);
    expect(ResponseSchema.safeParse({ id: 3, ok: false, error: { code: 'forbidden', message: 'нет' } }).success).toBe(true);
    expect(ResponseSchema.safeParse({ id: 3, ok: false, error: { code: 'oops', message: 'x' } }).success).toBe(false);
    expect(EventSchema.safeParse({ event: 'wallState', data: initialWallState({ now: 0 }) }).success).toBe(true);
    expect(EventSchema.safeParse({ event: 'viewChanged', data: { dataVersion: 4 } }).success).toBe(true);
    expect(EventSchema.safeParse({ event: 'viewChanged', data: { dataVersion: -1 } }).success).toBe(false);
    expect(EventSchema.safeParse({ event: 'explode', data: {} }).success).toBe(false);
  });

  it('rejects bad parameters with a Russian message naming the field', () => {
    const bad = parseParams('intent', { type: 'setScene', scene: '../../etc' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/intent.*scene/);
    expect(parseParams('intent', { type: 'setFilters', window: 'year' }).ok).toBe(false);
    expect(parseParams('intent', { type: 'setCamera', camera: { lon: 500, lat: 0, zoom: 3, bearing: 0, pitch: 0 } }).ok).toBe(false);
    expect(parseParams('getMessage', {}).ok).toBe(false);
    expect(parseParams('act', { messageId: 'x', type: 'delete' }).ok).toBe(false);
    expect(parseParams('act', { messageId: 'x', type: 'comment', payload: { comment: 'ok' } }).ok).toBe(true);
  });

  it('view specs need a window, from before to', () => {
    expect(ViewSpecSchema.safeParse({ window: 'today' }).success).toBe(true);
    expect(ViewSpecSchema.safeParse({ from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' }).success).toBe(true);
    expect(ViewSpecSchema.safeParse({}).success).toBe(false);
    expect(ViewSpecSchema.safeParse({ from: '2026-11-20T00:00:00Z' }).success).toBe(false);
    expect(ViewSpecSchema.safeParse({ from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }).success).toBe(false);
    expect(ViewSpecSchema.safeParse({ from: '2026-11-20 00:00', to: '2026-11-21T00:00:00Z' }).success).toBe(false);
  });

  it('console-only methods are the ones that change or reveal', () => {
    expect([...CONSOLE_ONLY].sort()).toEqual(['act', 'getConsoleQueue', 'getMessage', 'getMessageCard', 'intent', 'makeReport', 'markAlert']);
  });

  it('heat frames carry the request id and the points', () => {
    const pts = new Float32Array([158.65, 53.02, 1, 158.7, 53.1, 1]);
    const buf = encodeHeatFrame(42, { points: pts, count: 2, dataVersion: 9 });
    expect(buf.byteLength).toBe(BINARY_HEADER_BYTES + 24);
    const d = decodeBinaryFrame(buf)!;
    expect(d.id).toBe(42);
    expect(d.result.dataVersion).toBe(9);
    expect(d.result.count).toBe(2);
    expect([...d.result.points]).toEqual([...pts]);
    expect(decodeBinaryFrame(new ArrayBuffer(8))).toBeNull();
    const wrong = new ArrayBuffer(BINARY_HEADER_BYTES);
    expect(decodeBinaryFrame(wrong)).toBeNull();
  });
});
