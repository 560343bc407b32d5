/**
 * Duty officer's console: tabs over one header. «Очередь» is the officer's own escalation queue
 * with the message card and actions (./QueueTab.tsx) beside the wall controls. A new section is a
 * new entry of CONSOLE_TABS (e.g. «Всплески», the early-warning incidents list): an id, a title
 * and what it renders, given the bridge.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Bridge } from '../../../shared/bridge/client.js';
import { Header } from '../components/Header.js';
import { QueueTab } from './QueueTab.js';
import { ConsoleAlertSound, ConsoleIncidents } from './incidents/ConsoleIncidents.js';
import './console.css';

export interface ConsoleTab {
  id: string;
  title: string;
  render: (p: { bridge: Bridge; onMessage: (m: string | null) => void }) => ReactNode;
}

export const CONSOLE_TABS: readonly ConsoleTab[] = [
  { id: 'queue', title: 'Очередь', render: (p) => <QueueTab {...p} /> },
  { id: 'incidents', title: 'Всплески', render: (p) => <ConsoleIncidents bridge={p.bridge} /> },
];

export function Console({ bridge }: { bridge: Bridge }) {
  const [tab, setTab] = useState(CONSOLE_TABS[0]!.id);
  const [msg, setMsg] = useState<string | null>(null);
  const current = CONSOLE_TABS.find((t) => t.id === tab) ?? CONSOLE_TABS[0]!;
  // a notice is of its moment: the action's state goes on in the card and the queue
  useEffect(() => {
    if (!msg) return;
    const t = setTimeout(() => setMsg(null), 8000);
    return () => clearTimeout(t);
  }, [msg]);
  return (
    <div className="console cs" data-testid="console">
      <Header title="Пульт дежурного" />
      <ConsoleAlertSound />
      <div className="cs-bar">
        <div className="cs-tabs" role="tablist" aria-label="Разделы пульта">
          {CONSOLE_TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={t.id === current.id} className={t.id === current.id ? 'on' : ''} data-tab={t.id} onClick={() => setTab(t.id)}>
              {t.title}
            </button>
          ))}
        </div>
        <div className="cs-msg" role="status" aria-live="polite" data-testid="console-msg">
          {msg}
        </div>
      </div>
      <div className="cs-body" role="tabpanel">
        {current.render({ bridge, onMessage: setMsg })}
      </div>
    </div>
  );
}
