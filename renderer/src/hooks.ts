import { useEffect, useState } from 'react';
import { useWall } from './store.js';

/** Hub-corrected "now", re-rendering every `everyMs` (aligned to the second). */
export function useNow(everyMs = 1000): number {
  const offset = useWall((s) => s.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now() + offset);
      t = setTimeout(tick, everyMs - (Date.now() % everyMs) + 5);
    };
    tick();
    return () => clearTimeout(t);
  }, [offset, everyMs]);
  return now;
}

export function useTimezone(): string {
  return useWall((s) => s.hello?.region.timezone ?? 'UTC');
}
