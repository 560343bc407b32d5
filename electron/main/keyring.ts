/**
 * Is the Secret Service's default collection (gnome-keyring, via libsecret) unlocked? Asked over
 * D-Bus with `gdbus` and a short timeout, so that it can never block: safeStorage on a locked
 * keyring blocks the main thread on an unlock prompt, and an autologin session leaves it locked.
 */
import { execFile } from 'node:child_process';

export type KeyringState = 'unlocked' | 'locked' | 'absent' | 'unknown';

export const KEYRING_PROBE_TIMEOUT_MS = 2000;

export function parseLockedReply(stdout: string): KeyringState {
  if (/<\s*true\s*>|\btrue\b/.test(stdout)) return 'locked';
  if (/<\s*false\s*>|\bfalse\b/.test(stdout)) return 'unlocked';
  return 'unknown';
}

export function probeKeyring(timeoutMs = KEYRING_PROBE_TIMEOUT_MS): Promise<KeyringState> {
  return new Promise((resolve) => {
    execFile(
      'gdbus',
      ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', '/org/freedesktop/secrets/aliases/default',
        '--method', 'org.freedesktop.DBus.Properties.Get', 'org.freedesktop.Secret.Collection', 'Locked'],
      { timeout: timeoutMs, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve(parseLockedReply(stdout));
        const text = `${stderr ?? ''} ${err.message}`;
        if (/ServiceUnknown|NameHasNoOwner|was not provided by any \.service files|NoSuchObject|UnknownObject/.test(text)) return resolve('absent');
        resolve('unknown');
      },
    );
  });
}
