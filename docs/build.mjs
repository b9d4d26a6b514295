// Builds the API reference site with TypeDoc: `pnpm run docs` → docs/site/.
//
// TypeDoc does all the rendering (options in typedoc.json). This script only lays out TypeDoc's
// inputs in .build/ (gitignored), derived from the workspace so that nothing here names a package
// or an API, then runs TypeDoc through its API:
//   .build/entries/@losant-sdk/<name>.ts  one entry per published package, `export * from '<name>'`
//                                          (tsconfig.json "paths" resolves it to packages/<name>/src),
//                                          so each TypeDoc module is named after its npm package
//   .build/pages/fidelity.md              the fidelity summary (generated/fidelity.md), with each
//   .build/pages/<api>/fidelity.md        API's report (generated/<api>/fidelity.md) as its child
//                                          page: the summary's relative links still resolve
//   .build/index.md                       the home page: index.md, then the packages and reports
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, ReferenceType, TSConfigReader, TypeDocReader } from 'typedoc';
import ts from 'typescript';

const docsDir = dirname(fileURLToPath(import.meta.url));
const root = join(docsDir, '..');
const stage = join(docsDir, '.build');
const started = performance.now();

function fail(message) {
  console.error(`docs build: ${message}`);
  process.exit(1);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
/** A JSON string is also a valid YAML double-quoted scalar (for front matter). */
const yamlString = (value) => JSON.stringify(value);
/** Text for one line of a doc comment. */
const commentText = (text) => text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ');
/** Text for one cell of a Markdown table. */
const cellText = (text) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

const repository = readJson(join(root, 'package.json'))
  .repository.url.replace(/^git\+/, '')
  .replace(/\.git$/, '');

// ---- inputs ----------------------------------------------------------------------------------------
const generatedDir = join(root, 'generated');
if (!existsSync(join(generatedDir, 'fidelity.md'))) {
  fail('generated/fidelity.md is missing: the fidelity reports are written by `pnpm generate`; run it first.');
}
/** Each API with a fidelity report: its folder under generated/ and its title ("Losant Device API"). */
const apis = readdirSync(generatedDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(generatedDir, entry.name, 'fidelity.md')))
  .map(({ name }) => {
    let title = name;
    try {
      title = readJson(join(generatedDir, name, 'openapi.json')).info.title ?? name;
    } catch {
      // no readable document beside the report: the folder name will do
    }
    return { name, title };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** Each published package with sources. */
const packages = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifestPath = join(root, 'packages', dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = readJson(manifestPath);
  if (manifest.private) continue;
  const index = join(root, 'packages', dir, 'src', 'index.ts');
  if (!existsSync(index)) {
    fail(`packages/${dir}/src/index.ts is missing: generated sources are build output; run \`pnpm generate\` first.`);
  }
  const description = manifest.description ?? '';
  // A generated package says which Losant API it covers: "Devices (Losant Device API) for the Losant SDK: …".
  const apiTitle = /\((Losant [^()]*API)\)/.exec(description)?.[1];
  packages.push({
    dir,
    name: manifest.name,
    description,
    api: apis.find((api) => api.title === apiTitle),
    category: apiTitle ?? 'Client, umbrella and testing',
    source: readFileSync(index, 'utf8'),
    dependsOn: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
  });
  // Each subpath a package exports (`@losant-sdk/core/files`, `…/tracing`, `@losant-sdk/sdk/compat`…)
  // is an entry of its own: what it exports is imported from there, so that is where it is documented.
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    const sub = /^\.\/([\w-]+)$/.exec(subpath)?.[1];
    if (sub === undefined || sub === 'package.json') continue;
    const file = [`${sub}.ts`, `${sub}/index.ts`]
      .map((name) => join(root, 'packages', dir, 'src', name))
      .find((path) => existsSync(path));
    if (file === undefined) fail(`packages/${dir}/package.json exports ${subpath} but src/${sub}.ts is missing.`);
    packages.push({
      dir,
      name: `${manifest.name}/${sub}`,
      install: manifest.name,
      description: `Imported from its own subpath of ${manifest.name}; its README says when to use it.`,
      api: undefined,
      category: 'Client, umbrella and testing',
      source: readFileSync(file, 'utf8'),
      dependsOn: [manifest.name],
    });
  }
}
if (packages.length === 0) fail('no package found under packages/.');

// TypeDoc documents a symbol in the first entry point that exports it, and every generated package
// re-exports the runtime's `createClient`, `LosantClient`, errors…: converting the packages in
// dependency order (runtime first, umbrella last) documents each where it is defined.
const converted = [];
const pending = [...packages];
while (pending.length > 0) {
  const next =
    pending.find((pkg) =>
      pkg.dependsOn.every((dep) => !pending.some((other) => other !== pkg && other.name === dep)),
    ) ?? pending[0]; // a dependency cycle: take the rest alphabetically
  converted.push(next);
  pending.splice(pending.indexOf(next), 1);
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'entries'), { recursive: true });

// ---- the fidelity reports ------------------------------------------------------------------------
// Each report keeps its own `# heading` (TypeDoc shows a document's title only in the navigation).
mkdirSync(join(stage, 'pages'), { recursive: true });
writeFileSync(
  join(stage, 'pages', 'fidelity.md'),
  [
    '---',
    `title: ${yamlString('Fidelity summary')}`,
    `category: ${yamlString('Fidelity reports')}`,
    'children:',
    ...apis.map((api) => `  - ${api.name}/fidelity.md`),
    '---',
    readFileSync(join(generatedDir, 'fidelity.md'), 'utf8'),
  ].join('\n'),
);
for (const api of apis) {
  mkdirSync(join(stage, 'pages', api.name), { recursive: true });
  writeFileSync(
    join(stage, 'pages', api.name, 'fidelity.md'),
    [
      '---',
      `title: ${yamlString(`Fidelity report: ${api.title}`)}`,
      '---',
      readFileSync(join(generatedDir, api.name, 'fidelity.md'), 'utf8'),
    ].join('\n'),
  );
}

// ---- one entry per package -------------------------------------------------------------------------
// The raw types openapi-typescript writes (packages/<tag>/src/schema.ts: `paths`, `components`,
// `operations`) are re-exported by every generated package for advanced use; as pages they would
// make the site ~180 MB (every schema inlined into every path) and take most of the build time. A
// local export shadows a name that `export *` re-exports, so each entry shadows them with a hidden
// alias: TypeDoc never converts them, and still shows each action's result type resolved, property
// by property. The umbrella also re-exports each package as a namespace (`export * as devices from
// '@losant-sdk/devices'`); documented there again, every package would be converted twice, so
// the entry shadows those the same way and its page links each namespace to the package's pages.
const RAW_SCHEMA_TYPES = ['paths', 'components', 'operations'];
const NAMESPACE_REEXPORT = /^export \* as ([A-Za-z_$][\w$]*) from '(@losant-sdk\/[^']+)';$/gm;

for (const pkg of packages) {
  const namespaces = [...pkg.source.matchAll(NAMESPACE_REEXPORT)].map(([, name, target]) => ({ name, target }));
  const shadowed = [
    ...RAW_SCHEMA_TYPES.filter((name) => !namespaces.some((ns) => ns.name === name)).map(
      (name) => `/** @hidden */\nexport type ${name} = never;`,
    ),
    ...namespaces.map(({ name }) => `/** @hidden */\nexport declare const ${name}: never;`),
  ];
  const file = join(stage, 'entries', `${pkg.name}.ts`);
  const toPages = relative(dirname(file), join(stage, 'pages')).split(/[\\/]/).join('/');
  const comment = [commentText(pkg.description)];
  if (namespaces.length > 0) {
    comment.push(
      `Each package is also a namespace of \`${pkg.name}\`: ${namespaces
        .map(({ name, target }) => `\`${name}\` ({@link "${target}"! | ${target}})`)
        .join(', ')}.`,
    );
  }
  comment.push(
    `\`npm install ${pkg.install ?? pkg.name}\` · [README](${repository}/tree/main/packages/${pkg.dir}#readme)`,
  );
  if (pkg.api) {
    comment.push(
      `What upstream got wrong in the ${pkg.api.title} and what was repaired: [its fidelity report](${toPages}/${pkg.api.name}/fidelity.md).`,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      '/**',
      ...comment.flatMap((paragraph, i) => (i === 0 ? [` * ${paragraph}`] : [' *', ` * ${paragraph}`])),
      ' *',
      ` * @category ${pkg.category}`,
      ' * @packageDocumentation',
      ' */',
      `export * from '${pkg.name}';`,
      ...shadowed,
      '',
    ].join('\n'),
  );
}

// ---- the home page ---------------------------------------------------------------------------------
const home = [readFileSync(join(docsDir, 'index.md'), 'utf8').trimEnd(), '', '## Packages', ''];
for (const category of [...new Set(packages.map((pkg) => pkg.category))].sort()) {
  home.push(`### ${category}`, '', '| package | what it covers |', '|---|---|');
  for (const pkg of packages.filter((p) => p.category === category)) {
    home.push(`| {@link "${pkg.name}"! | ${pkg.name}} | ${cellText(pkg.description)} |`);
  }
  home.push('');
}
home.push('## Fidelity reports', '', '- [Fidelity summary: every Losant API](pages/fidelity.md)');
for (const api of apis) home.push(`- [${api.title}](pages/${api.name}/fidelity.md)`);
writeFileSync(join(stage, 'index.md'), `${home.join('\n')}\n`);

// ---- TypeDoc ---------------------------------------------------------------------------------------
const app = await Application.bootstrapWithPlugins(
  {
    options: join(docsDir, 'typedoc.json'),
    entryPoints: converted.map((pkg) => join(stage, 'entries', `${pkg.name}.ts`)),
  },
  [new TypeDocReader(), new TSConfigReader()],
);
// A method's result is written `ApiPromise<T.DeviceGetResult>`; TypeDoc converts a signature's
// type arguments from the checker's types, where the named result has become the anonymous object
// it resolves to, and would print that object whole in every signature (a workflow page ran to
// megabytes). Converted from the written type arguments instead, each is a link to its named type.
app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (context, signature, declaration) => {
  const node = declaration?.type;
  if (!node || !ts.isTypeReferenceNode(node) || !node.typeArguments || !(signature.type instanceof ReferenceType))
    return;
  const converted = signature.type.typeArguments ?? [];
  signature.type.typeArguments = node.typeArguments.map((arg, i) => aliasReference(context, arg) ?? converted[i]);
});

/**
 * A reference to the type alias a type node names (`T.DeviceGetResult`, `PageItem<T.DevicesGetResult>`,
 * its own type arguments likewise); undefined for any other node.
 */
function aliasReference(context, node) {
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
  let symbol = context.checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = context.checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
  const reference = context.createSymbolReference(symbol, context, symbol.name);
  if (node.typeArguments)
    reference.typeArguments = node.typeArguments.map(
      (arg) => aliasReference(context, arg) ?? context.converter.convertType(context, arg),
    );
  return reference;
}
const project = await app.convert();
if (!project) fail('TypeDoc could not convert the project (see the errors above).');
app.validate(project);
if (app.logger.hasErrors()) fail('TypeDoc reported errors (see above).');
await app.generateOutputs(project);
if (app.logger.hasErrors()) fail('TypeDoc reported errors while writing the site (see above).');

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `docs build: ${packages.length} packages and ${apis.length + 1} fidelity pages → ${relative(root, join(docsDir, 'site'))}/index.html (${seconds} s)`,
);
