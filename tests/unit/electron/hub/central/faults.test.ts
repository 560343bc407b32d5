/** The fault injector's stale resends (docs/spec/central-api.md: the server may resend older items). */
import { describe, expect, it } from 'vitest';
import { CentralStore } from '../../../../../electron/hub/central/store.js';
import { earlierRevision, parseFaultSpec } from '../../../../../electron/hub/central/faults.js';
import { REFERENCE, message } from '../../../../integration/sync/fixture.js';
import { seededRandom } from '../../../../../electron/hub/central/faults.js';

describe('stale resends', () => {
  it('parses stale= as a rate and names it among the known faults', () => {
    expect(parseFaultSpec('stale=0.2').stale).toBe(0.2);
    expect(() => parseFaultSpec('stalee=0.2')).toThrow(/stale/);
  });

  it('finds the latest LOWER revision of the same id before the position, never a newer or another id', () => {
    const r = seededRandom(3);
    const s = new CentralStore(REFERENCE);
    const log = [
      message('a', 1, r, 'new'), // 0
      message('b', 1, r, 'new'), // 1
      message('a', 2, r, 'in_progress'), // 2
      message('ab', 7, r, 'new'), // 3 (an id containing "a": not the same id)
      { id: 'a', rev: 3, deleted: true }, // 4
      message('a', 9, r, 'closed'), // 5 (after position 4)
    ];
    s.append(log);
    const at = (k: number) => JSON.stringify(log[k]);
    expect(JSON.parse(earlierRevision(s, at(4), 4)!)).toMatchObject({ id: 'a', rev: 2 });
    expect(JSON.parse(earlierRevision(s, at(2), 2)!)).toMatchObject({ id: 'a', rev: 1 });
    expect(earlierRevision(s, at(0), 0)).toBeNull(); // a first revision has none
    expect(earlierRevision(s, at(1), 1)).toBeNull();
    expect(earlierRevision(s, at(3), 3)).toBeNull(); // "ab" has no earlier entry
    // Bounded: only `window` positions back.
    expect(earlierRevision(s, at(4), 4, 1)).toBeNull();
    expect(earlierRevision(s, at(4), 4, 2)).not.toBeNull();
    expect(earlierRevision(s, '{not json', 4)).toBeNull();
  });
});
