// Helpers of the site test: a static server on loopback, Debian's Chromium (installed with apt-get
// when missing and allowed), and a crawler of every page's links.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';

export { CHROMIUM, ensureChromium } from '../../scripts/chromium.mjs';

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

/**
 * The file a site path names (`/classes/x.html`, percent-encoded as in a URL), as `serveSite` serves
 * it: `index.html` for the site's root or a path ending in `/`; undefined for anything outside the
 * site or that is not a file.
 */
export function siteFile(dir, pathname) {
  const root = resolve(dir);
  const decoded = decodeURIComponent(pathname);
  let file = resolve(join(root, decoded));
  if (file === root || decoded.endsWith('/')) file = join(file, 'index.html');
  if (!(file + sep).startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Serves `dir` on 127.0.0.1 (a free port); 404 for anything outside it or missing. */
export async function serveSite(dir) {
  const server = createServer((request, response) => {
    const file = siteFile(dir, new URL(request.url ?? '/', 'http://localhost').pathname);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
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
 * Reads every HTML page of the site in `dir` and checks that each internal `href`/`src` resolves:
 * the file is there, as `serveSite` would serve it (`siteFile`), and a `#fragment` names an
 * element id of its target (an HTML page or an SVG sprite). From disk, not over loopback: what a
 * request would answer is that file. Returns the number of pages and links checked and the broken links.
 */
export async function crawl(dir, pages) {
  // Where the site is served from does not matter: links are resolved against its pages' URLs.
  const baseUrl = 'http://site.invalid/';
  const bodies = new Map();
  const read = (url) => {
    if (!bodies.has(url)) {
      const file = siteFile(dir, new URL(url).pathname);
      bodies.set(
        url,
        file === undefined ? { status: 404, text: '' } : { status: 200, text: readFileSync(file, 'utf8') },
      );
    }
    return bodies.get(url);
  };
  const idsOf = new Map();
  const ids = (url) => {
    if (!idsOf.has(url)) {
      const { text } = read(url);
      idsOf.set(url, new Set([...text.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1]))));
    }
    return idsOf.get(url);
  };
  const broken = [];
  let links = 0;
  for (const page of pages) {
    const pageUrl = new URL(page, baseUrl).href;
    const { status, text } = read(pageUrl);
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
      const found = read(where);
      if (found.status !== 200) {
        broken.push(`${page}: ${ref} → ${found.status}`);
      } else if (fragment && /\.(html|svg)$/.test(target.pathname) && !ids(where).has(fragment)) {
        broken.push(`${page}: ${ref} → no element #${fragment} in ${relative('/', target.pathname)}`);
      }
    }
  }
  return { pages: pages.length, links, broken: broken.sort() };
}
