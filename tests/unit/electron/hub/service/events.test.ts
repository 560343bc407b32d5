import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter, type HubEventMap } from '../../../../../electron/hub/service/events.js';

describe('TypedEmitter', () => {
  it('delivers each event to its own listeners only, until their subscription is disposed', () => {
    const e = new TypedEmitter<HubEventMap>();
    const views: number[] = [];
    const health = vi.fn();
    const sub = e.on('viewChanged', (d) => views.push(d.dataVersion));
    e.on('health', health);
    e.emit('viewChanged', { dataVersion: 1 });
    sub.dispose();
    e.emit('viewChanged', { dataVersion: 2 });
    expect(views).toEqual([1]);
    expect(health).not.toHaveBeenCalled();
    expect(e.listenerCount('viewChanged')).toBe(0);
    expect(e.listenerCount('health')).toBe(1);
  });

  it('a listener that throws does not stop the others', () => {
    const e = new TypedEmitter<{ tick: number }>();
    const after = vi.fn();
    e.on('tick', () => {
      throw new Error('сломанный слушатель');
    });
    e.on('tick', after);
    expect(() => e.emit('tick', 1)).not.toThrow();
    expect(after).toHaveBeenCalledWith(1);
  });

  it('a listener removed while an event is delivered still gets that event, not the next', () => {
    const e = new TypedEmitter<{ tick: number }>();
    const seen: number[] = [];
    let removeSecond = () => {};
    e.on('tick', () => removeSecond());
    const sub = e.on('tick', (n) => seen.push(n));
    removeSecond = () => sub.dispose();
    e.emit('tick', 1);
    e.emit('tick', 2);
    expect(seen).toEqual([1]);
  });

  it('dispose removes every listener; later subscriptions hear nothing', () => {
    const e = new TypedEmitter<{ a: string; b: string }>();
    const a = vi.fn();
    e.on('a', a);
    e.on('b', a);
    e.dispose();
    expect(e.listenerCount()).toBe(0);
    const late = vi.fn();
    e.on('a', late);
    e.emit('a', 'x');
    expect(a).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});
