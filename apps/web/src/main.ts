// The layout every page shares: navigation, the backend switch, the live tensor count and
// the error panel, and a hash router that loads each page's chunk when it is opened. The
// home route loads no Tessera code at all; the core (and its wasm) comes with the first page.
import './style.css';
import { chooseBackend, hasWebgpuAdapter, startBackend, type WebBackend } from './backend';
import { el } from './dom';
import { clearErrors, installErrorPanel, showError } from './errors';
import { watchMemory } from './memory-corner';
import { routes } from './routes';

const nav = el('nav', {}, el('a', { href: '#/' }, 'Tessera'), ...Object.entries(routes).map(([name, route]) => el('a', { href: `#/${name}` }, route.title)));
const backendSelect = el('select', { id: 'backend', 'aria-label': 'backend' });
const corner = el('div', { id: 'memory', title: 'live tensors (memory().numTensors)' }, 'no tensors yet');
const errors = el('div', { id: 'errors', role: 'alert' });
const main = el('main', { id: 'page' });
document.body.append(el('header', {}, nav, el('label', {}, 'backend ', backendSelect)), errors, main, corner);
installErrorPanel(errors);

let leave: (() => Promise<void>) | undefined;
let backend: WebBackend = 'wasm';

function home(): void {
  main.replaceChildren(
    el('h1', {}, 'Tessera in the browser'),
    el('p', {}, 'Every model below trains in this page, on WebGPU where the browser has an adapter and on WebAssembly otherwise.'),
    el('ul', { class: 'pages' }, ...Object.entries(routes).map(([name, route]) => el('li', {}, el('a', { href: `#/${name}` }, route.title), ` — ${route.summary}`))),
  );
}

async function show(): Promise<void> {
  const name = location.hash.replace(/^#\/?/, '');
  await leave?.();
  leave = undefined;
  clearErrors();
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.getAttribute('href') === `#/${name}`);
  const route = routes[name];
  if (!route) return home();
  main.replaceChildren(el('h1', {}, route.title), el('p', { class: 'loading' }, 'loading…'));
  document.title = `${route.title} · Tessera`;
  const core = await startBackend(backend);
  if (!corner.dataset.tensors) watchMemory(corner, core);
  const { page } = await route.load();
  if (location.hash.replace(/^#\/?/, '') !== name) return; // navigated away meanwhile
  main.replaceChildren(el('h1', {}, route.title));
  leave = await page.mount(main, backend);
  main.dataset.ready = name;
}

async function start(): Promise<void> {
  const webgpu = await hasWebgpuAdapter();
  backend = chooseBackend(location.search, webgpu);
  for (const option of ['wasm', 'webgpu'] as const) {
    const label = option === 'webgpu' && !webgpu ? 'webgpu (no adapter)' : option;
    backendSelect.append(el('option', { value: option, ...(option === 'webgpu' && !webgpu ? { disabled: '' } : {}) }, label));
  }
  backendSelect.value = backend;
  // A new backend means new tensors everywhere: reload the page on it.
  backendSelect.addEventListener('change', () => {
    const query = new URLSearchParams(location.search);
    query.set('backend', backendSelect.value);
    location.search = query.toString();
  });
  document.body.dataset.crossOriginIsolated = String(crossOriginIsolated);
  const navigate = () => show().catch((error) => showError(error));
  window.addEventListener('hashchange', navigate);
  await navigate();
}

start().catch((error) => showError(error, 'start-up'));
