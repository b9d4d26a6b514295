// Opens the built site (docs/site, from `build`) in Debian's headless Chromium over loopback: the
// home page, a package page, a resource class with an action, the fidelity pages, search; no
// console error anywhere; every internal link of every page resolves. Saves a screenshot of the
// action to docs/artifacts/action.png for CI to keep.
//
// What the pages must say is read from the same sources the site is built from (the generated
// resource classes, the fidelity reports, typedoc.json), never written down here, so a spec bump
// changes neither this file nor its outcome.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crawl, ensureChromium, launchChromium, serveSite, siteFiles } from './support.mjs';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docsDir, '..');
const siteDir = join(docsDir, 'site');
const artifacts = join(docsDir, 'artifacts');

if (!existsSync(join(siteDir, 'index.html'))) {
  throw new Error('docs/site/index.html is missing: build the site first (`pnpm run docs`).');
}

/** TypeDoc's page name for a module: `@losant-sdk/devices` → `_losant-sdk_devices`. */
const slug = (name) => name.replace(/[@/]/g, '_');

// ---- what the pages must show, from the sources ---------------------------------------------------
/** Every action of every generated resource class: its route, class, package and JSDoc. */
function actions() {
  const found = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const resources = join(root, 'packages', dir, 'src', 'resources');
    if (!existsSync(resources)) continue;
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).name;
    for (const file of readdirSync(resources).sort()) {
      const source = readFileSync(join(resources, file), 'utf8');
      const className = /export class (\w+)/.exec(source)?.[1];
      if (!className) continue;
      for (const [, id, method, path] of source.matchAll(/id: '([^']+)',\s*method: '([A-Z]+)',\s*path: '([^']+)'/g)) {
        const name = id.slice(id.indexOf('.') + 1);
        // The method's doc comment: the last /** … */ before `  name(params`.
        const at = source.search(new RegExp(`\\n  ${name.replace(/[$]/g, '\\$')}\\(`));
        const doc = at < 0 ? '' : source.slice(source.lastIndexOf('/**', at), at);
        // One line: the action's own scopes in backticks, then the broad ones by base (`all.Application (.read)`).
        const scopesLine = /Token scopes: (.*)/.exec(doc)?.[1] ?? '';
        const scopes = [
          ...(scopesLine
            .split(' any of: ')[0]
            .match(/`[^`]+`/g)
            ?.map((s) => s.slice(1, -1)) ?? []),
          ...(scopesLine.split(' any of: ')[1]?.match(/all\.\w+/g) ?? []),
        ];
        const see = /Losant's docs: <(\S+)>/.exec(doc)?.[1];
        const summary = /\/\*\*\s*\n\s*\* (.+)/.exec(doc)?.[1]?.trim() ?? '';
        const paramsType = new RegExp(`${name.replace(/[$]/g, '\\$')}\\(\\s*params\\??: T\\.(\\w+)`).exec(
          source.slice(at),
        )?.[1];
        found.push({
          pkg,
          className,
          id,
          name,
          method,
          path,
          scopes,
          see,
          hasExample: doc.includes('@example'),
          paramsType,
          summary,
        });
      }
    }
  }
  return found;
}
const allActions = actions();
assert.ok(allActions.length > 0, 'no generated resource class found under packages/*/src/resources');
// The action the test looks at: Device.getState when there is one, else the first found.
const action = allActions.find((a) => a.id === 'device.getState') ?? allActions[0];
const packagePage = `modules/${slug(action.pkg)}.html`;
const classPage = `classes/${slug(action.pkg)}.${action.className}.html`;
const anchor = action.name.toLowerCase();

const projectName = JSON.parse(readFileSync(join(docsDir, 'typedoc.json'), 'utf8')).name;
/** A fidelity report's `# heading` and `## sections`. */
function report(file) {
  const markdown = readFileSync(file, 'utf8');
  return {
    heading: /^# (.*)$/m.exec(markdown)?.[1],
    sections: [...markdown.matchAll(/^## (.*)$/gm)].map((m) => m[1]),
    size: markdown.length,
  };
}
const summary = report(join(root, 'generated', 'fidelity.md'));
const reportsBySource = readdirSync(join(root, 'generated'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, 'generated', e.name, 'fidelity.md')))
  .map((e) => report(join(root, 'generated', e.name, 'fidelity.md')))
  .sort((a, b) => String(a.heading).localeCompare(String(b.heading)));

// ---- the READMEs' links into the site, where it is published ---------------------------------------
test("every generated package's README links to its own page of the published site, and the page exists", () => {
  const umbrella = readFileSync(join(root, 'packages', 'sdk', 'README.md'), 'utf8');
  const site = /\[the SDK's API reference\]\((https:\/\/[^)]+\/)\)/.exec(umbrella)?.[1];
  assert.ok(site, "packages/sdk/README.md links to the site's home page");
  const generated = readdirSync(join(root, 'packages')).filter((dir) =>
    existsSync(join(root, 'packages', dir, 'src', 'resources')),
  );
  assert.ok(generated.length > 1);
  for (const dir of generated) {
    const name = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).name;
    const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((https:\/\/[^)]+)\)/g)]
      .map((m) => m[1])
      .filter((url) => url.startsWith(site));
    assert.deepEqual(links, [`${site}modules/${slug(name)}.html`], `packages/${dir}/README.md`);
    assert.ok(existsSync(join(siteDir, links[0].slice(site.length))), `${links[0]} is a page of the built site`);
  }
});

// ---- subpath modules ------------------------------------------------------------------------------
test('every subpath a package exports has its own page, with a page for each function it exports', () => {
  let subpaths = 0;
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const manifestPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    for (const subpath of Object.keys(manifest.exports ?? {})) {
      const sub = /^\.\/([\w-]+)$/.exec(subpath)?.[1];
      if (sub === undefined || sub === 'package.json') continue;
      subpaths++;
      const name = `${manifest.name}/${sub}`;
      assert.ok(existsSync(join(siteDir, 'modules', `${slug(name)}.html`)), `${name} has a module page`);
      const source = [`${sub}.ts`, `${sub}/index.ts`]
        .map((file) => join(root, 'packages', dir, 'src', file))
        .find((file) => existsSync(file));
      for (const [, fn] of readFileSync(source, 'utf8').matchAll(/^export (?:async )?function (\w+)/gm)) {
        assert.ok(existsSync(join(siteDir, 'functions', `${slug(name)}.${fn}.html`)), `${name}: ${fn} has a page`);
      }
    }
  }
  assert.ok(subpaths > 0, 'some package exports a subpath');
});

// ---- the browser ----------------------------------------------------------------------------------
const chromium = ensureChromium();
if (chromium.skip) console.log(`# SKIPPING the browser tests of the docs site: ${chromium.skip}`);

describe('the API reference site in headless Chromium', { skip: chromium.skip ?? false }, () => {
  let server;
  let browser;
  let page;
  const consoleErrors = [];
  /** The action's section of its class page, as rendered (for the checks waiting on the generator). */
  let memberText = '';
  let parametersText = '';
  /** The sidebar's links on the class page, as its script built them. */
  let sidebarLinks = [];

  before(async () => {
    server = await serveSite(siteDir);
    browser = await launchChromium(chromium.path);
    // Everything a page loads comes from the site: anything else is refused and reported.
    await browser.context.route(
      (url) => !url.href.startsWith(server.url),
      (route) => {
        consoleErrors.push(`a page requested ${route.request().url()}, outside the site`);
        return route.abort('blockedbyclient');
      },
    );
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      // A load cut short by the next navigation is not an error of the site.
      if (!/ERR_ABORTED|ERR_BLOCKED_BY_CLIENT/.test(request.failure()?.errorText ?? ''))
        consoleErrors.push(`${request.url()}: ${request.failure()?.errorText}`);
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page of the site (anew, even when it is the current one) and waits for TypeDoc's scripts. */
  async function open(path) {
    if (page.url().startsWith(new URL(path.replace(/#.*$/, ''), server.url).href)) await page.goto('about:blank');
    const response = await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    await page.waitForSelector('.tsd-navigation a', { state: 'attached' }); // the sidebar, built by navigation.js
  }
  const h1 = () => page.locator('.tsd-page-title h1, .tsd-typography h1').first().innerText();

  test('the home page names the project and lists every package', async () => {
    await open('index.html');
    assert.equal(await h1(), projectName);
    const packages = readdirSync(join(root, 'packages'))
      .filter((dir) => existsSync(join(root, 'packages', dir, 'src', 'index.ts')))
      .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
      .filter((manifest) => !manifest.private);
    const links = new Set(
      await page.locator('.tsd-typography a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    );
    for (const { name } of packages) assert.ok(links.has(`modules/${slug(name)}.html`), `no link to ${name}`);
  });

  test(`a package page: ${action.pkg}`, async () => {
    await open(packagePage);
    assert.equal(await h1(), `Module ${action.pkg}`);
    assert.ok(
      await page.locator(`a[href$="${action.className}.html"]`).count(),
      `no link to class ${action.className}`,
    );
  });

  test(`a resource class and its action: ${action.className}.${action.name}`, async () => {
    await open(`${classPage}#${anchor}`);
    assert.equal(await h1(), `Class ${action.className}`);
    const member = page.locator('section.tsd-member', { has: page.locator(`h3#${anchor}`) });
    assert.equal(await member.count(), 1, `no member section #${anchor}`);

    // First the screenshot (CI keeps it, whatever follows): the page as a reader sees it, with the
    // action at the top and the viewport tall enough for its whole section.
    mkdirSync(artifacts, { recursive: true });
    const height = Math.ceil((await member.boundingBox())?.height ?? 0) + 160;
    await page.setViewportSize({ width: 1280, height: Math.min(2400, Math.max(900, height)) });
    await page.locator(`h3#${anchor}`).evaluate((heading) => heading.scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'action.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The first screen of the action: its summary is in view with the heading at the top.
    const summaryLine = action.summary;
    const inView = await member.evaluate((section, line) => {
      const p = [...section.querySelectorAll('.tsd-comment p, .tsd-typography p')].find((e) =>
        e.textContent.includes(line),
      );
      return p ? p.getBoundingClientRect().top < globalThis.innerHeight : false;
    }, summaryLine);
    assert.ok(inView, `the summary "${summaryLine}" is on the first screen of the action`);

    const text = await member.innerText();
    memberText = text;
    parametersText = await member.locator('.tsd-parameters').first().innerText();
    sidebarLinks = await page.locator('.tsd-navigation a[href]').evaluateAll((links) => links.map((a) => a.href));
    assert.match(text, new RegExp(`^${action.name}`), 'the section is headed by the action name');
    assert.ok(text.includes(`${action.method} ${action.path}`), `the section shows "${action.method} ${action.path}"`);
    assert.ok(action.scopes.length > 0, 'the source lists the scopes');
    for (const scope of action.scopes) assert.ok(text.includes(scope), `the section lists the scope ${scope}`);
    assert.match(text, /Parameters\s+params: \S+/, 'the parameters, with their types');
    assert.match(text, /Returns ApiPromise</, 'the result type');
    // The result is a link to its named type, not the type printed whole.
    const resultType = new RegExp(`${action.className}${action.name[0].toUpperCase()}${action.name.slice(1)}Result`);
    assert.ok(
      (await member.locator('.tsd-signature a').allInnerTexts()).some((t) => resultType.test(t)),
      'the signature links the result type',
    );
    assert.match(text, /Throws[\s\S]*LosantApiError/, 'the errors');
    assert.ok(action.see, 'the source links to Losant’s page');
    assert.equal(await member.locator(`a[href="${action.see}"]`).count(), 1, `a link to ${action.see}`);
  });

  // The generator writes an @example per action (from the documented example values), and lists the
  // parameters one by one in the method's doc (the signature links the `…Params` alias).
  test(`${action.className}.${action.name} shows an example call`, () => {
    assert.ok(action.hasExample, 'the generated JSDoc has an @example');
    assert.match(memberText, new RegExp(`Example[\\s\\S]*\\.${action.name}\\(`));
  });
  test(`${action.className}.${action.name} lists each parameter, and links its params type`, () => {
    assert.ok(action.paramsType, 'the method takes a generated …Params type');
    assert.match(parametersText, new RegExp(`params: ${action.paramsType}`));
    const pathParams = action.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
    assert.ok(pathParams.length > 0);
    for (const name of pathParams) assert.ok(memberText.includes(`${name} (required), path`), `the doc lists ${name}`);
  });

  test("the action's page loads within a generous budget", async () => {
    const started = performance.now();
    await open(`${classPage}#${anchor}`);
    const ms = performance.now() - started;
    // Measured in this test's own Chromium on a small, busy machine: a budget far above what a page
    // of a megabyte needs, that only a page far too heavy (the 8 MB pages of before) would miss.
    assert.ok(ms < 20_000, `${classPage} took ${Math.round(ms)} ms to load`);
  });

  test('the fidelity summary and each API’s report are pages', async () => {
    await open('documents/Fidelity_summary.html');
    assert.equal(await h1(), summary.heading);
    const links = await page
      .locator('.tsd-typography a[href^="Fidelity_summary."]')
      .evaluateAll((as) => as.map((a) => a.href));
    const reports = [...new Set(links)];
    // Each report's heading, from the served page (the crawl below checks every link of each).
    const headings = [];
    for (const href of reports) {
      const html = await (await fetch(href)).text();
      headings.push(/<h1 id="[^"]*" class="tsd-anchor-link">([^<]*)/.exec(html)?.[1]);
    }
    assert.deepEqual(
      [...headings].sort(),
      reportsBySource.map((r) => r.heading).sort(),
      'the summary links every API’s report',
    );
    // One report in the browser (the shortest), with every section of its source.
    const report = reportsBySource.reduce((a, b) => (b.size < a.size ? b : a));
    await open(new URL(reports.find((href, i) => headings[i] === report.heading) ?? reports[0]).pathname.slice(1));
    assert.equal(await h1(), report.heading);
    const text = await page.locator('.tsd-typography').first().innerText();
    for (const section of report.sections)
      assert.ok(text.includes(section), `the report shows its section "${section}"`);
  });

  test(`search finds ${action.name} offline`, async () => {
    await open('index.html');
    await page.click('#tsd-search-trigger');
    await page.fill('#tsd-search-input', action.name);
    const hit = page.locator(`#tsd-search-results a[href$="${action.className}.html#${anchor}"]`);
    await hit.first().waitFor({ timeout: 20_000 });
    await hit.first().click();
    await page.waitForURL(`**/${classPage}#${anchor}`);
  });

  test('the sidebar’s links (built by script) resolve', () => {
    const files = new Set(siteFiles(siteDir));
    const internal = sidebarLinks.filter((href) => href.startsWith(server.url));
    assert.ok(internal.length > 0);
    const missing = internal.filter((href) => !files.has(decodeURIComponent(new URL(href).pathname.slice(1))));
    assert.deepEqual([...new Set(missing)], []);
  });

  test('no page logged a console error', () => {
    assert.deepEqual(consoleErrors, []);
  });
});

// ---- weight and load time ----------------------------------------------------------------------------
/** The most a page may weigh: a reader's browser (and the search) must not choke on a reference page. */
const MAX_PAGE_BYTES = 1024 * 1024;
const pageSizes = () =>
  siteFiles(siteDir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => ({ file, bytes: statSync(join(siteDir, file)).size }));

test("the action's page weighs at most 1 MB", () => {
  const bytes = statSync(join(siteDir, classPage)).size;
  assert.ok(bytes <= MAX_PAGE_BYTES, `${classPage} weighs ${bytes} bytes`);
});

test('every page weighs at most 1 MB', () => {
  const pages = pageSizes();
  assert.ok(pages.length > 0);
  const heavy = pages.filter((p) => p.bytes > MAX_PAGE_BYTES);
  assert.deepEqual(
    heavy.map((p) => `${p.file} (${(p.bytes / 1024 / 1024).toFixed(1)} MB)`),
    [],
  );
});

test('every internal link of every page resolves', async () => {
  const pages = siteFiles(siteDir).filter((file) => file.endsWith('.html'));
  const { links, broken } = await crawl(siteDir, pages);
  console.log(`# crawled ${pages.length} pages, ${links} internal links`);
  assert.ok(links > pages.length, 'the crawl found links');
  assert.deepEqual(broken, []);
});
