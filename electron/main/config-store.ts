/**
 * Loading the configuration (the file named by --config, else <userData>/config.json, else the
 * defaults) merged with the command-line flags; and the API token store: the token is encrypted
 * with Electron safeStorage (the OS keychain / libsecret / kwallet) into its own file, never
 * written in plain text, never in the configuration.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, mergeFlags, parseConfigText, readFlags } from '../../shared/config.js';
import type { Config } from '../../shared/config.js';
import type { ElectronApi } from './api.js';

export type LoadedConfig = { ok: true; config: Config; path: string | null } | { ok: false; errors: string[]; path: string | null };

export function loadConfig(argv: readonly string[], userDataDir: string, cwd = process.cwd()): LoadedConfig {
  const flags = readFlags(argv);
  if (!flags.ok) return { ok: false, errors: flags.errors, path: null };
  const explicit = flags.flags.config !== undefined ? resolve(cwd, flags.flags.config) : null;
  const path = explicit ?? join(userDataDir, 'config.json');
  let config = DEFAULT_CONFIG;
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return { ok: false, errors: [`${path}: не удалось прочитать (${(e as { code?: string }).code ?? String(e)})`], path };
    }
    const r = parseConfigText(text);
    if (!r.ok) return { ok: false, errors: r.errors.map((e) => `${path}: ${e}`), path };
    config = r.config;
  } else if (explicit) {
    return { ok: false, errors: [`--config: файл не найден: ${explicit}`], path };
  }
  const merged = mergeFlags(config, argv);
  if (!merged.ok) return { ok: false, errors: merged.errors, path };
  return { ok: true, config: merged.config, path: existsSync(path) ? path : null };
}

const REF = /^[A-Za-z0-9_-]{1,64}$/;

export class TokenStoreError extends Error {}

/** Where the token can be kept on this machine (decided after 'ready', see shell.ts). */
export interface TokenStoreState {
  /** safeStorage.getSelectedStorageBackend(): gnome_libsecret, kwallet5, basic_text … */
  backend: string;
  /** basic_text allowed by hall.plainTextToken (setUsePlainTextEncryption was called). */
  plainText: boolean;
  /** Why safeStorage must not be touched (a locked keyring would block the main thread), or null. */
  blocked: string | null;
}

export const BASIC_TEXT_HINT =
  'Chromium выбрал basic_text (рабочий стол без поддерживаемой связки ключей: Fly, MATE …): установите gnome-keyring и задайте hall.passwordStore "gnome-libsecret", либо разрешите hall.plainTextToken (docs/kiosk.md)';

export class TokenStore {
  private readonly dir: string;
  state: TokenStoreState = { backend: 'unknown', plainText: false, blocked: null };

  constructor(
    userDataDir: string,
    private readonly safe: ElectronApi['safeStorage'],
    private readonly log?: { warn(m: string): void },
  ) {
    this.dir = join(userDataDir, 'tokens');
  }

  /** One line for the about screen: where the token lives and how it is protected. */
  describe(): string {
    const s = this.state;
    if (s.blocked) return `токен API: связка ключей недоступна — ${s.blocked}`;
    if (s.backend === 'basic_text')
      return s.plainText
        ? 'токен API: без шифрования ОС (basic_text, разрешено hall.plainTextToken); файл tokens/*.bin с правами 0600 — только для пользователя киоска'
        : 'токен API: не сохраняется — шифрование ОС недоступно (basic_text)';
    return `токен API: зашифрован связкой ключей ОС (${s.backend}); файл tokens/*.bin с правами 0600`;
  }

  private file(ref: string): string {
    if (!REF.test(ref)) throw new TokenStoreError(`недопустимое имя токена «${ref}»`);
    return join(this.dir, `${ref}.bin`);
  }

  /** Encrypt and store. Refuses when the OS offers no encryption (never falls back to plain text). */
  set(ref: string, token: string): void {
    if (this.state.blocked) throw new TokenStoreError(`токен не сохранён: ${this.state.blocked}`);
    if (!this.safe.isEncryptionAvailable())
      throw new TokenStoreError(
        this.safe.getSelectedStorageBackend() === 'basic_text'
          ? `шифрование ОС недоступно: токен не сохранён. ${BASIC_TEXT_HINT}`
          : 'шифрование ОС недоступно (нет связки ключей): токен не сохранён',
      );
    if (this.safe.getSelectedStorageBackend() === 'basic_text')
      this.log?.warn('safeStorage использует basic_text: токен зашифрован встроенным ключом, а не связкой ключей ОС (разрешено hall.plainTextToken)');
    const file = this.file(ref);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, this.safe.encryptString(token), { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  get(ref: string): string | null {
    const file = this.file(ref);
    if (!existsSync(file)) return null;
    if (this.state.blocked) {
      this.log?.warn(`сохранённый токен не прочитан: ${this.state.blocked}`);
      return null;
    }
    if (!this.safe.isEncryptionAvailable()) {
      this.log?.warn('шифрование ОС недоступно: сохранённый токен прочитать нельзя');
      return null;
    }
    try {
      return this.safe.decryptString(readFileSync(file));
    } catch {
      this.log?.warn(`токен «${ref}» не расшифровывается (сменилась связка ключей?): задайте его заново с пульта`);
      return null;
    }
  }

  clear(ref: string): void {
    rmSync(this.file(ref), { force: true });
  }
}

export function tokenRefOf(config: Config): string {
  return config.source.kind === 'api' ? (config.source.tokenRef ?? 'default') : 'default';
}
