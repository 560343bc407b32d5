/**
 * Entry point. Picks the bridge transport: in the Electron shell, IPC through the preload's
 * `window.situationWall` (./ipcBridge.ts); a `Bridge` injected as `window.situationWallBridge`
 * (tests) wins over it; elsewhere a WebSocket to the hub that served this page.
 * The app knows only the `Bridge` interface.
 */
import './zod-config.js';
import { createRoot } from 'react-dom/client';
import '@fontsource/ibm-plex-sans/cyrillic-400.css';
import '@fontsource/ibm-plex-sans/cyrillic-600.css';
import '@fontsource/ibm-plex-sans/cyrillic-700.css';
import '@fontsource/ibm-plex-sans/latin-400.css';
import '@fontsource/ibm-plex-sans/latin-600.css';
import '@fontsource/ibm-plex-sans/latin-700.css';
import './styles.css';
import { createWsBridge, hubSocketUrl, type Bridge } from '../../shared/bridge/client.js';
import { parseWindowOptions } from './url.js';
import { consoleSearch } from './consoleKey.js';
import { createIpcBridge, situationWallApi } from './ipcBridge.js';
import { createWallStore, setCurrentStore } from './store.js';
import { startController } from './controller.js';
import { startAlerts } from './alerts.js';
import { Wall } from './App.js';
import { Console } from './console/Console.js';
import { SpanRoot } from './SpanRoot.js';

const options = parseWindowOptions(location.href);
const store = createWallStore(options);
setCurrentStore(store);

const injected = (globalThis as { situationWallBridge?: Bridge }).situationWallBridge;
const shellApi = situationWallApi(globalThis);
const hubUrl = () =>
  hubSocketUrl({
    protocol: location.protocol,
    host: location.host,
    search: consoleSearch(location, globalThis.sessionStorage ?? null, (u) => history.replaceState(history.state, '', u)),
  });
const bridge: Bridge =
  injected ??
  (shellApi ? createIpcBridge(shellApi) : createWsBridge({ url: options.ws ?? hubUrl(), client: options.display ?? options.role }));
startController(bridge, store);
startAlerts(bridge, store);

document.documentElement.dataset.role = options.role;
const root = createRoot(document.getElementById('root')!);
root.render(
  <SpanRoot slice={options.slice} canvas={options.canvas}>
    {options.role === 'console' ? <Console bridge={bridge} /> : <Wall />}
  </SpanRoot>,
);
