/** An action's outbox state where the message is shown: words and a tone, never colour alone. */
import type { ConsoleAction } from '../../../shared/bridge/protocol.js';
import { ACTION_DONE_LABELS, actionStateText } from './model.js';

const MARK = { wait: '…', ok: '✓', bad: '✕' } as const;

export function ActionState({ action, withType = false }: { action: ConsoleAction; withType?: boolean }) {
  const s = actionStateText(action);
  return (
    <span className={`cs-state cs-${s.tone}`} data-state={action.state} data-applied={action.applied ? 'true' : 'false'} data-action-type={action.type}>
      <span aria-hidden="true">{MARK[s.tone]}</span> {withType ? `${ACTION_DONE_LABELS[action.type]}: ` : ''}
      {s.text}
    </span>
  );
}
