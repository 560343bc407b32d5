/**
 * An in-app modal dialog (the renderer never uses window.prompt/alert/confirm: Electron lacks
 * them, and eslint.config.js forbids them). A form: Enter submits, Escape or «Отмена» closes;
 * focus goes to the first field on open and is kept inside while open.
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  /** The submit button's words. */
  submitLabel: string;
  /** Why it cannot be sent yet (shown under the fields; the button stays enabled to explain). */
  error?: string | null;
  busy?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

export function Dialog({ title, submitLabel, error, busy, onSubmit, onClose, children, testId }: DialogProps) {
  const titleId = useId();
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, select, button');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
      if (e.key === 'Tab' && box.current) {
        const f = [...box.current.querySelectorAll<HTMLElement>('input, textarea, select, button')].filter((x) => !x.hasAttribute('disabled'));
        if (f.length === 0) return;
        const i = f.indexOf(document.activeElement as HTMLElement);
        if (e.shiftKey && i <= 0) {
          e.preventDefault();
          f.at(-1)!.focus();
        } else if (!e.shiftKey && i === f.length - 1) {
          e.preventDefault();
          f[0]!.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <div className="cd-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form ref={box} className="cd-box" role="dialog" aria-modal="true" aria-labelledby={titleId} onSubmit={submit} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        <div className="cd-body">{children}</div>
        {error && (
          <div className="cd-error" role="alert">
            {error}
          </div>
        )}
        <div className="cd-buttons">
          <button type="button" onClick={onClose}>
            Отмена
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="dialog-submit">
            {busy ? 'Отправка…' : submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
