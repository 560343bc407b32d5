import { describe, expect, it } from 'vitest';
import {
  actionDetail,
  actionStateText,
  checkText,
  currentLevelText,
  escalationOptions,
  filterIsEmpty,
  pageText,
  readLastSeen,
  writeLastSeen,
  LAST_SEEN_KEY,
} from '../../../../../renderer/src/console/model.js';

const fmt = (n: number) => new Intl.NumberFormat('ru-RU').format(n);

describe('console: an action’s state in words', () => {
  it('queued → sending → accepted (waiting for, then with its revision) or failed with the server’s reason', () => {
    const base = { error: null, serverRev: null, applied: false, attempts: 0 };
    expect(actionStateText({ ...base, state: 'queued' })).toEqual({ text: 'в очереди на отправку', tone: 'wait' });
    expect(actionStateText({ ...base, state: 'queued', attempts: 2, error: 'сервер не принимает соединения' }).text).toBe(
      'ждёт повторной отправки (сервер не принимает соединения)',
    );
    expect(actionStateText({ ...base, state: 'sending' }).text).toBe('отправляется');
    expect(actionStateText({ ...base, state: 'accepted', serverRev: 18 }).text).toBe('принято API, ждём ревизию 18 из ленты');
    expect(actionStateText({ ...base, state: 'accepted', serverRev: 18, applied: true })).toEqual({ text: 'принято API, ревизия 18 получена', tone: 'ok' });
    expect(actionStateText({ ...base, state: 'failed', error: '409: сообщение уже отвечено: решать нечего' })).toEqual({
      text: 'отклонено: 409: сообщение уже отвечено: решать нечего',
      tone: 'bad',
    });
  });

  it('says what the action carried', () => {
    expect(actionDetail({ type: 'assign', payload: { assignee: 'Администрация' } })).toBe('→ Администрация');
    expect(actionDetail({ type: 'escalate', payload: { level: 3 } })).toBe('на уровень 3 (Куратор ЦУР)');
    expect(actionDetail({ type: 'comment', payload: { comment: 'Позвонили' } })).toBe('«Позвонили»');
    expect(actionDetail({ type: 'acknowledge', payload: {} })).toBe('');
  });
});

describe('console: escalation goes only upwards, explained', () => {
  it('offers the levels above both the queue’s level and an earlier escalation', () => {
    expect(escalationOptions(1, null).map((o) => o.level)).toEqual([2, 3]);
    expect(escalationOptions(2, null).map((o) => o.level)).toEqual([3]);
    expect(escalationOptions(1, 2).map((o) => o.level)).toEqual([3]);
    expect(escalationOptions(3, null)).toEqual([]);
    expect(escalationOptions(null, null).map((o) => o.level)).toEqual([1, 2, 3]);
    for (const o of escalationOptions(null, null)) {
      expect(o.title).toMatch(/^Уровень \d: /);
      expect(o.explanation).toMatch(/По правилам очереди/);
    }
    expect(currentLevelText(2, null)).toBe('Сейчас: уровень 2 (Ответственный за отраслевой блок) — по правилам очереди.');
    expect(currentLevelText(1, 3)).toBe('Сейчас: уровень 3 (Куратор ЦУР) — эскалировано оператором.');
    expect(currentLevelText(null, null)).toBe('Сообщение не в очереди эскалации.');
  });
});

describe('console: dialog input, filters, pages, the “last looked” mark', () => {
  it('a text field must hold something, and not too much', () => {
    expect(checkText('  ', 10, 'исполнителя')).toEqual({ ok: false, message: 'Укажите исполнителя.' });
    expect(checkText(' Администрация ', 100, 'исполнителя')).toEqual({ ok: true, value: 'Администрация' });
    expect(checkText('x'.repeat(11), 10, 'комментарий')).toEqual({ ok: false, message: 'Слишком длинно: 11 знаков, можно до 10.' });
  });

  it('knows an empty filter and names a page', () => {
    expect(filterIsEmpty({})).toBe(true);
    expect(filterIsEmpty({ text: '  ', levels: [] })).toBe(true);
    expect(filterIsEmpty({ levels: [3] })).toBe(false);
    expect(filterIsEmpty({ onlyNew: true })).toBe(false);
    expect(pageText(0, 50, 3555, fmt)).toBe('1–50 из 3\u00a0555');
    expect(pageText(3550, 5, 3555, fmt)).toBe('3\u00a0551–3\u00a0555 из 3\u00a0555');
    expect(pageText(0, 0, 0, fmt)).toBe('ничего не найдено');
  });

  it('keeps the mark in the browser storage and ignores garbage there', () => {
    const m = new Map<string, string>();
    const st = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(readLastSeen(st)).toBeNull();
    writeLastSeen(st, '2026-11-21T09:15:00.000Z');
    expect(m.get(LAST_SEEN_KEY)).toBe('2026-11-21T09:15:00.000Z');
    expect(readLastSeen(st)).toBe('2026-11-21T09:15:00.000Z');
    m.set(LAST_SEEN_KEY, 'вчера');
    expect(readLastSeen(st)).toBeNull();
    const broken = { getItem: () => { throw new Error('нет доступа'); }, setItem: () => { throw new Error('нет места'); } };
    expect(readLastSeen(broken)).toBeNull();
    expect(() => writeLastSeen(broken, '2026-11-21T09:15:00.000Z')).not.toThrow();
    expect(readLastSeen(null)).toBeNull();
  });
});
