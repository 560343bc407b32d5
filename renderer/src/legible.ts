/**
 * The wall's minimum text heights for this window (shared/wall/legibility.ts): from the geometry of
 * the window options and the width of the picture the layout spans (the span canvas, or the window),
 * as CSS custom properties (--txt, --fig, px) that every wall size is `max()`-ed with (styles.css).
 */
import { useEffect, useState } from 'react';
import { legibility, type Legibility } from '../../shared/wall/legibility.js';
import { useWall } from './store.js';

export function useLegibility(): Legibility {
  const geometry = useWall((s) => s.options.geometry);
  const canvasW = useWall((s) => s.options.canvas?.w ?? null);
  const [w, setW] = useState(() => canvasW ?? window.innerWidth);
  useEffect(() => {
    if (canvasW) {
      setW(canvasW);
      return;
    }
    const on = () => setW(window.innerWidth);
    on();
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, [canvasW]);
  return legibility(geometry, w);
}

/** The custom properties of a legibility. */
export function legibilityVars(l: Legibility): Record<string, string> {
  return { '--txt': `${l.text}px`, '--fig': `${l.figure}px` };
}
