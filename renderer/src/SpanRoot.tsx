/**
 * Span mode: the whole logical canvas (canvas=W,H) is laid out in every window and translated by
 * -slice.x, -slice.y inside an overflow:hidden viewport, so each window shows exactly its slice of
 * the same layout and the same map camera; lines run straight across the bezels (the wall plan puts
 * the bezel gaps into the slice offsets). All sizes are container units of the app root (cqw/cqh),
 * so a panel scales with the canvas, not with the window.
 */
import type { ReactNode } from 'react';
import type { Slice } from './url.js';
import { ArchiveOverlay } from './components/ShownInstantBand.js';

export function SpanRoot({ slice, canvas, children }: { slice: Slice | null; canvas: { w: number; h: number } | null; children: ReactNode }) {
  if (!slice || !canvas) return <div className="app-root">{children}</div>;
  return (
    <div className="span-viewport">
      <div
        className="app-root"
        data-span={`${slice.x},${slice.y},${slice.w},${slice.h}`}
        style={{ width: canvas.w, height: canvas.h, transform: `translate(${-slice.x}px, ${-slice.y}px)` }}
      >
        {children}
      </div>
      <ArchiveOverlay slice={slice} />
    </div>
  );
}
