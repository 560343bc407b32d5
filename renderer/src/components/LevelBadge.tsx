/** An escalation level: its NUMBER in its colour (never colour alone), the level's name as a tooltip. */
import { LEVEL_LABELS } from '../../../shared/blocks.js';

export const LEVEL_COLOURS = { 1: '#56B4E9', 2: '#E69F00', 3: '#FF5A36' } as const;

export function LevelBadge({ level }: { level: 1 | 2 | 3 }) {
  return (
    <span className={`level level-${level}`} style={{ background: LEVEL_COLOURS[level] }} title={LEVEL_LABELS[level]}>
      {level}
    </span>
  );
}
