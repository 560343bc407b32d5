/**
 * Cursors of the reference server (electron/hub/central/cursor.ts): which cursors are still
 * served and which get 410 Gone (another server instance, ahead of the log, compacted away).
 */
import { describe, expect, it } from 'vitest';
import { cursorPosition, encodeCursor } from '../../../../../electron/hub/central/cursor.js';
import { CentralStore } from '../../../../../electron/hub/central/store.js';
import { seededRandom } from '../../../../../electron/hub/central/faults.js';
import { message, REFERENCE } from '../../../../integration/sync/fixture.js';

const EPOCH = 'a1b2c3';

function log() {
  const r = seededRandom(3);
  const s = new CentralStore(REFERENCE);
  s.append([message('a', 1, r), message('b', 1, r), message('a', 2, r), message('c', 1, r), message('b', 2, r), message('d', 1, r)]);
  return s;
}

describe('cursor position', () => {
  it('no cursor reads from the start; a cursor of this server reads from its position', () => {
    const s = log();
    expect(cursorPosition(s, EPOCH, null)).toBe(0);
    expect(cursorPosition(s, EPOCH, '')).toBe(0);
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 0, 3))).toBe(3);
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 0, s.head))).toBe(s.head);
  });

  it('gone (null → 410): garbage, another server instance, beyond the head, a future generation', () => {
    const s = log();
    expect(cursorPosition(s, EPOCH, 'garbage')).toBeNull();
    expect(cursorPosition(s, EPOCH, encodeCursor('ffffff', 0, 2))).toBeNull();
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 0, s.head + 1))).toBeNull();
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 1, 2))).toBeNull();
  });

  it('after a compaction an older cursor below the floor is gone; one at the floor or issued after it is not', () => {
    const s = log();
    s.compact(4);
    expect(s.generation).toBe(1);
    // Issued before the compaction, below the floor: entries it would read may have been dropped.
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 0, 1))).toBeNull();
    // At or above the floor: nothing it reads was dropped.
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 0, 4))).toBe(4);
    // Issued after the compaction, pointing at an entry still held (a@2 at 2 is the last of a).
    expect(s.holds(2)).toBe(true);
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 1, 2))).toBe(2);
    // …but not at a dropped one (a@1 at 0 was superseded).
    expect(cursorPosition(s, EPOCH, encodeCursor(EPOCH, 1, 0))).toBeNull();
  });
});
