/**
 * How the reference server decides an operator's action (electron/hub/central/routes/actions.ts,
 * docs/spec/central-api.md: actions): what is accepted, as which next revision, and what gets
 * 409 (the message's state does not allow it) or 422 (the action lacks what it needs).
 */
import { describe, expect, it } from 'vitest';
import { decideAction } from '../../../../../electron/hub/central/routes/actions.js';
import { CentralStore } from '../../../../../electron/hub/central/store.js';
import { seededRandom } from '../../../../../electron/hub/central/faults.js';
import type { Action, Message } from '../../../../../shared/schema.js';
import { message, REFERENCE } from '../../../../integration/sync/fixture.js';

const AT = '2026-11-21T10:00:00+12:00';

function storeWith(status: string) {
  const s = new CentralStore(REFERENCE, () => Date.parse('2026-11-21T09:00:00Z'));
  s.append([message('pos-1', 3, seededRandom(1), status), { id: 'pos-2', rev: 2, deleted: true }]);
  return s;
}
const act = (type: Action['type'], payload: Action['payload'] = {}, messageId = 'pos-1'): Action => ({
  id: `act-${type}`,
  messageId,
  type,
  payload,
  at: AT,
  operator: 'Дежурный',
});

describe('operator actions', () => {
  it('acknowledging a new message puts it in progress as the next revision, first response now', () => {
    const [status, body, next] = decideAction(storeWith('new'), act('acknowledge'));
    expect(status).toBe(201);
    expect(body).toEqual({ accepted: true, rev: 4 });
    expect(next).toMatchObject({ id: 'pos-1', rev: 4, status: 'in_progress', firstResponseAt: AT });
  });

  it('acknowledging a message already in progress or closed is a conflict', () => {
    expect(decideAction(storeWith('in_progress'), act('acknowledge'))).toEqual([409, { error: 'нельзя принять в работу: статус «в работе»' }, null]);
    expect(decideAction(storeWith('closed'), act('acknowledge'))[0]).toBe(409);
  });

  it('assign needs an assignee (422) and an open message (409)', () => {
    expect(decideAction(storeWith('new'), act('assign'))).toEqual([422, { error: 'payload.assignee: не указан исполнитель' }, null]);
    expect(decideAction(storeWith('answered'), act('assign', { assignee: 'МУП «Водоканал»' }))[0]).toBe(409);
    const [status, , next] = decideAction(storeWith('rework'), act('assign', { assignee: 'МУП «Водоканал»' }));
    expect(status).toBe(201);
    expect((next as Message).assignee).toBe('МУП «Водоканал»');
  });

  it('a comment needs text; escalation needs an open message; neither changes the status', () => {
    expect(decideAction(storeWith('new'), act('comment'))[0]).toBe(422);
    const [s1, , c] = decideAction(storeWith('new'), act('comment', { comment: 'выехала бригада' }));
    expect(s1).toBe(201);
    expect((c as Message).status).toBe('new');
    expect(decideAction(storeWith('closed'), act('escalate', { level: 2 }))[0]).toBe(409);
    expect(decideAction(storeWith('in_progress'), act('escalate', { level: 2 }))[2]).toMatchObject({ status: 'in_progress', rev: 4 });
  });

  it('resolving answers an open message (answered now); an answered, closed or rejected one is a conflict', () => {
    const [status, , next] = decideAction(storeWith('in_progress'), act('resolve'));
    expect(status).toBe(201);
    expect(next).toMatchObject({ status: 'answered', answeredAt: AT });
    expect(decideAction(storeWith('answered'), act('resolve'))).toEqual([409, { error: 'сообщение уже отвечено: решать нечего' }, null]);
    expect(decideAction(storeWith('closed'), act('resolve'))[0]).toBe(409);
    expect(decideAction(storeWith('rejected'), act('resolve'))).toEqual([409, { error: 'сообщение уже в статусе «отклонено»: решать нечего' }, null]);
  });

  it('the next revision is stamped with the decision instant, never before the previous one', () => {
    const now = '2026-11-21T11:00:00.000Z';
    expect(decideAction(storeWith('new'), act('comment', { comment: 'выехала бригада' }), now)[2]).toMatchObject({ updatedAt: now });
  });

  it('an unknown or deleted message is a conflict that says which', () => {
    expect(decideAction(storeWith('new'), act('acknowledge', {}, 'pos-9'))).toEqual([409, { error: 'сообщение pos-9 не найдено' }, null]);
    expect(decideAction(storeWith('new'), act('acknowledge', {}, 'pos-2'))).toEqual([409, { error: 'сообщение pos-2 удалено' }, null]);
  });
});
