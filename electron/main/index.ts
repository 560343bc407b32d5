/**
 * Entry of the Electron main process (built to dist-electron/main/index.js). The only place that
 * binds the shell to the real `electron` module.
 */
import * as electron from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApi } from './api.js';
import { registerSchemes, startShell } from './shell.js';

const here = dirname(fileURLToPath(import.meta.url));

// The real module is wider than ElectronApi and its overloads are not spelled the same way; the
// subset the shell calls is exactly the one ElectronApi lists.
const api = {
  app: electron.app,
  BrowserWindow: electron.BrowserWindow,
  screen: electron.screen,
  session: electron.session,
  protocol: electron.protocol,
  ipcMain: electron.ipcMain,
  powerSaveBlocker: electron.powerSaveBlocker,
  safeStorage: electron.safeStorage,
  utilityProcess: electron.utilityProcess,
  dialog: electron.dialog,
  Menu: electron.Menu,
  versions: { electron: process.versions.electron, chrome: process.versions.chrome },
} as unknown as ElectronApi;

registerSchemes(api);
const root = join(here, '..', '..');
startShell(api, {
  argv: process.argv,
  preloadPath: join(here, '..', 'preload', 'index.cjs'),
  rendererDir: join(root, 'dist', 'renderer'),
  hubEntry: join(here, '..', 'hub', 'utility.js'),
}).catch((e: unknown) => {
  electron.dialog.showErrorBox('Ситуационная стена: сбой запуска', String((e as Error)?.message ?? e));
  electron.app.exit(1);
});
