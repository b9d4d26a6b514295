// Helpers of the site test: a static server on loopback, Debian's Chromium (installed with apt-get
// when missing and allowed), and a crawler of every page's links.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

/** The flags every launch uses (the profile is a fresh --user-data-dir, given by launchPersistentContext). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium, installed with apt-get when it is missing and this process runs as root.
 * Never throws: `{ path }` when there is a browser, `{ skip }` saying why there is none.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { skip: `${CHROMIUM} is missing and this process is not root, so it cannot apt-get install chromium` };
  }
  if (!existsSync('/usr/bin/apt-get')) return { skip: `${CHROMIUM} is missing and there is no apt-get to install it` };
  console.log(`# ${CHROMIUM} is missing: installing Debian's chromium with apt-get (this can take a few minutes)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const started = Date.now();
    const result = spawnSync('apt-get', args, {
      env,
      encoding: 'utf8',
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(
      `# apt-get ${args.join(' ')}: exit ${result.status ?? result.signal ?? result.error?.message} after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return result.status === 0
      ? ''
      : `${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' / ') || `${result.error ?? 'failed'}`;
  };
  const updateError = run(['update']);
  if (updateError) return { skip: `apt-get update failed, so Chromium could not be installed: ${updateError}` };
  // fonts-liberation: without a font Debian's Chromium draws no text in the screenshot.
  const installError = run(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation']);
  if (installError || !existsSync(CHROMIUM)) {
    return { skip: `apt-get install chromium failed: ${installError || `${CHROMIUM} still missing`}` };
  }
  return { path: CHROMIUM };
}

/** Launches Chromium through playwright-core (which never downloads a browser of its own). */
export async function launchChromium(executablePath) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'losant-docs-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 (a free port); 404 for anything outside it or missing. */
export async function serveSite(dir) {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = resolve(join(root, pathname));
    if (file === root || pathname.endsWith('/')) file = join(file, 'index.html');
    if (!(file + sep).startsWith(root + sep) || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

/** Every file under `dir`, as site paths (`classes/x.html`), sorted. */
export function siteFiles(dir) {
  const out = [];
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out.sort();
}

const decodeEntities = (text) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * Fetches every HTML page of the site from `baseUrl` and checks that each internal `href`/`src`
 * resolves: the file is served, and a `#fragment` names an element id of its target (an HTML
 * page or an SVG sprite). Returns the number of pages and links checked and the broken links.
 */
export async function crawl(baseUrl, pages) {
  const bodies = new Map();
  const fetchText = async (url) => {
    if (!bodies.has(url)) {
      bodies.set(
        url,
        fetch(url).then(async (r) => ({ status: r.status, text: r.status === 200 ? await r.text() : '' })),
      );
    }
    return bodies.get(url);
  };
  const idsOf = new Map();
  const ids = async (url) => {
    if (!idsOf.has(url)) {
      const { text } = await fetchText(url);
      idsOf.set(url, new Set([...text.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1]))));
    }
    return idsOf.get(url);
  };
  const broken = [];
  let links = 0;
  const queue = [...pages];
  const worker = async () => {
    for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
      const pageUrl = new URL(page, baseUrl).href;
      const { status, text } = await fetchText(pageUrl);
      if (status !== 200) {
        broken.push(`${page}: the page itself answered ${status}`);
        continue;
      }
      for (const [, raw] of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const ref = decodeEntities(raw);
        if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) continue; // https:, mailto:, data: … leave the site
        links += 1;
        const target = new URL(ref, pageUrl);
        target.search = '';
        const fragment = decodeURIComponent(target.hash.slice(1));
        target.hash = '';
        const where = target.href;
        if (!where.startsWith(baseUrl)) {
          broken.push(`${page}: ${ref} leaves the site`);
          continue;
        }
        const found = await fetchText(where);
        if (found.status !== 200) {
          broken.push(`${page}: ${ref} → ${found.status}`);
        } else if (fragment && /\.(html|svg)$/.test(target.pathname) && !(await ids(where)).has(fragment)) {
          broken.push(`${page}: ${ref} → no element #${fragment} in ${relative('/', target.pathname)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { pages: pages.length, links, broken: broken.sort() };
}
