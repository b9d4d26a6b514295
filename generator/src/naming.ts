// Every generated name, decided in one place: package directory, npm name, umbrella namespace,
// factory and API type, resource class, per-action type names and iterator methods. Names come
// from the overlays (spec/apis/<api>.yaml) and are checked once across all APIs.
import { GeneratorError } from './errors.js';
import { pointer } from './json/index.js';

export const NPM_SCOPE = '@losant-sdk';
/** The umbrella package: every resource of every API on one client. */
export const UMBRELLA_DIR = 'sdk';
export const UMBRELLA_NAME = `${NPM_SCOPE}/${UMBRELLA_DIR}`;
/** Package directories the generator never writes: hand-written or reserved packages. */
export const RESERVED_DIRS = new Set(['core', UMBRELLA_DIR, 'testing', 'fixtures', 'generator']);
/**
 * Every name `@losant-sdk/core`'s entry point exports, values and types: the umbrella re-exports
 * them all (`export * from '@losant-sdk/core'`), so no package namespace may take one of these
 * names. A test compares this list with packages/core/src/index.ts.
 */
export const CORE_EXPORTS = [
  'createClient',
  'DEFAULTS',
  'toClient',
  'ClientOptions',
  'LosantClient',
  'paginate',
  'Page',
  'PageItem',
  'PaginateOptions',
  'FLAG_NAMES',
  'openStream',
  'toFormData',
  'ApiPromise',
  'WithResponse',
  'bindMethods',
  'LosantAbortError',
  'LosantApiError',
  'LosantError',
  'LosantNetworkError',
  'LosantRedirectError',
  'LosantResponseTooLargeError',
  'LosantStreamError',
  'LosantTimeoutError',
  'LosantValidationError',
  'VERSION',
  'EventStream',
  'RawEvent',
  'AcceptUndefined',
  'CommonParams',
  'FormEncoder',
  'HttpMethod',
  'NodeReadableLike',
  'ParamIn',
  'RequestOptions',
  'Route',
  'RouteBackfill',
  'SseEvent',
  'Uploadable',
  'WithUploads',
  'Middleware',
  'credentialsStrategy',
  'LosantAuthError',
  'tokenProvider',
  'authStrategy',
  'AuthSend',
  'AuthStrategy',
  'AuthStrategyInit',
  'StrategyOptions',
  'paginateOffsets',
  'OffsetPage',
  'OffsetPaginateOptions',
  'Paginator',
  'LOSANT_RATE_LIMITS',
  'rateLimits',
  'RateLimitBucket',
  'RateLimitInfo',
  'RateLimitOption',
  'RateLimits',
  'LosantReconnectError',
  'GapEvents',
  'ReconnectOptions',
  'StreamGap',
  'StreamOptions',
  'logging',
  'Logger',
  'Logging',
  'LogLevel',
  'LogRecord',
] as const;

/** What each tag package re-exports from core, so that one import serves a user of one tag: the client and every error. */
export const TAG_CORE_REEXPORTS = {
  values: ['createClient', ...CORE_EXPORTS.filter((name) => /^Losant\w*Error$/.test(name))],
  types: ['ClientOptions', 'LosantClient', 'RequestOptions'],
} as const satisfies Record<'values' | 'types', ReadonlyArray<(typeof CORE_EXPORTS)[number]>>;

/** What `@losant-sdk/sdk` exports besides its namespaces: its own names and core's. */
export const UMBRELLA_EXPORTS = new Set<string>([
  'createLosantClient',
  'LosantApi',
  'deviceCredentials',
  'userCredentials',
  ...CORE_EXPORTS,
]);
/** Keys of the object `createLosantClient` returns that are not resources. */
export const UMBRELLA_KEYS = new Set(['client', 'withToken']);

/** Where a name was declared, for errors: an overlay file and a pointer into it. */
export interface Declared {
  file: string;
  pointer: string;
}

/** The overlay facts naming needs (see reconcile/overlay.ts for the whole file). */
export interface NamingOverlay {
  api: string;
  file: string;
  tags: Record<string, { package?: string }>;
  /** resource → tag */
  resources: Record<string, string>;
}

export interface PackageNames {
  api: string;
  tag: string;
  /** `application-api-tokens`: `packages/<dir>` and `@losant-sdk/<dir>` */
  dir: string;
  npmName: string;
  /** `applicationApiTokens`: the namespace `@losant-sdk/sdk` exports the package's types under. */
  namespace: string;
  /** `createApplicationApiTokensApi` */
  factory: string;
  /** `ApplicationApiTokensApi` */
  apiType: string;
  /** Resources of the tag, in overlay order. */
  resources: string[];
  declared: Declared;
}

export interface NamePlan {
  packages: PackageNames[];
  /** Package of each resource. */
  byResource: Map<string, PackageNames>;
}

/** `API Tokens` → `api-tokens`; `Application Templates` → `application-templates`. */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `application-api-tokens` → `ApplicationApiTokens`: acronyms are words like any other. */
export function pascalFromKebab(kebab: string): string {
  const out = kebab
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(out) || !out ? `X${out}` : out;
}

/** `applicationApiToken` → `ApplicationApiToken`; any other text: its words, each capitalised (`with space` → `WithSpace`). */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const out = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return !out || /^[0-9]/.test(out) ? `X${out}` : out;
}

export function camelCase(text: string): string {
  const p = pascalCase(text);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** The package directory of a tag: its explicit `package:`, else the tag in kebab case. */
export function packageDir(overlay: NamingOverlay, tag: string): string {
  return overlay.tags[tag]?.package ?? kebabCase(tag);
}

/** The class of a resource (`deviceAttributes` → `DeviceAttributes`). */
export function className(resource: string): string {
  return pascalCase(resource);
}

/** Type names of one action, all prefixed by its resource class (`DeviceGetStateParams`). */
export function actionTypeNames(
  resource: string,
  action: string,
): { params: string; result: string; error: string; events: string; scopes: string } {
  const base = `${className(resource)}${pascalCase(action)}`;
  return {
    params: `${base}Params`,
    result: `${base}Result`,
    error: `${base}ErrorBody`,
    events: `${base}Events`,
    scopes: `${base}Scopes`,
  };
}

/**
 * The named model type of a doc schema: its name in PascalCase with the suffix `Model`
 * (`device` → `DeviceModel`, `dataTableRow` → `DataTableRowModel`, `blocks.eventList` →
 * `BlocksEventListModel`). One scheme everywhere, so a user guesses it: the resource classes
 * (`Device`, `DataTableRow`) keep the plain names, and no action type ends in `Model`.
 */
export function modelTypeName(schema: string): string {
  return `${pascalCase(schema)}Model`;
}

/**
 * The model type names of one package's schemas (schema → type name), checked: two schemas may
 * not give one name, and no model type may take a name the package already exports.
 */
export function modelTypeNames(schemas: string[], taken: ReadonlySet<string>, where: Declared): Map<string, string> {
  const out = new Map<string, string>();
  const by = new Map<string, string>();
  for (const schema of [...schemas].sort()) {
    const name = modelTypeName(schema);
    const other = by.get(name);
    if (other !== undefined || taken.has(name))
      throw new GeneratorError(
        'NAME_COLLISION',
        `the schemas "${schema}" and ${other !== undefined ? `"${other}"` : 'an exported name of the package'} both want the model type name "${name}"`,
        { ...where, hint: 'rename one of the schemas in spec/surface/anchors.json, or report the docs inconsistency' },
      );
    by.set(name, schema);
    out.set(schema, name);
  }
  return out;
}

/** The page-by-page iterator of a list action: `get` → `iterate`; `periodSummaries` → `iteratePeriodSummaries`. */
export function iteratorName(action: string): string {
  return action === 'get' ? 'iterate' : `iterate${pascalCase(action)}`;
}

/** The module file of a resource class inside its package (`src/resources/<file>.ts`). */
export function resourceFile(resource: string): string {
  return camelCase(resource);
}

/**
 * Where the API reference site (docs/, TypeDoc) is published: GitHub Pages of the repository in
 * the root package.json (`https://<owner>.github.io/<repo>/`); undefined when it is not on GitHub.
 */
export function referenceSiteUrl(repository: { url: string } | undefined): string | undefined {
  const m = /github\.com[/:]([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?$/.exec(repository?.url ?? '');
  return m ? `https://${m[1]!.toLowerCase()}.github.io/${m[2]}/` : undefined;
}

/** A package's page in the reference site, as TypeDoc names it: `@losant-sdk/devices` → `modules/_losant-sdk_devices.html`. */
export function referencePage(npmName: string): string {
  return `modules/${npmName.replace(/[@/]/g, '_')}.html`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Name every package of every API and check every name once, across all APIs. A collision is
 * an error naming both overlay entries and how to resolve it.
 */
export function planNames(
  overlays: NamingOverlay[],
  actions: Array<{ resource: string; action: string; paginated: boolean }> = [],
): NamePlan {
  const packages: PackageNames[] = [];
  const taken = new Map<string, { what: string; at: Declared }>();
  const claim = (kind: string, name: string, what: string, at: Declared, fix: string): void => {
    const key = `${kind}\u0000${name}`;
    const other = taken.get(key);
    if (other) {
      throw new GeneratorError(
        'NAME_COLLISION',
        `${what} and ${other.what} both want the ${kind} "${name}" (the other is at ${other.at.file}#${other.at.pointer})`,
        {
          file: at.file,
          pointer: at.pointer,
          hint: fix,
        },
      );
    }
    taken.set(key, { what, at });
  };

  for (const o of overlays) {
    const byTag = new Map<string, string[]>();
    for (const [resource, tag] of Object.entries(o.resources)) byTag.set(tag, [...(byTag.get(tag) ?? []), resource]);
    for (const tag of Object.keys(o.tags)) {
      const declared = { file: o.file, pointer: pointer('tags', tag) };
      const dir = packageDir(o, tag);
      const what = `tag "${tag}" of the ${o.api} API`;
      const explicit = o.tags[tag]?.package !== undefined;
      const fix = explicit
        ? 'change one of the `package:` names'
        : `give one of them an explicit \`package:\` (e.g. \`package: ${o.api}-${dir}\`)`;
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(dir)) {
        throw new GeneratorError(
          'INVALID_OVERLAY',
          `tag "${tag}" gives the package directory "${dir}", which is not a lower-case kebab-case name`,
          { ...declared, hint: 'set `package:` to a name like `device-recipes`' },
        );
      }
      if (RESERVED_DIRS.has(dir))
        throw new GeneratorError(
          'NAME_COLLISION',
          `${what} wants the package directory "${dir}", which is reserved (${[...RESERVED_DIRS].join(', ')})`,
          { ...declared, hint: 'give the tag an explicit `package:`' },
        );
      const pascal = pascalFromKebab(dir);
      const names: PackageNames = {
        api: o.api,
        tag,
        dir,
        npmName: `${NPM_SCOPE}/${dir}`,
        namespace: pascal[0]!.toLowerCase() + pascal.slice(1),
        factory: `create${pascal}Api`,
        apiType: `${pascal}Api`,
        resources: byTag.get(tag) ?? [],
        declared,
      };
      claim('package directory', dir, what, declared, fix);
      if (UMBRELLA_EXPORTS.has(names.namespace))
        throw new GeneratorError(
          'NAME_COLLISION',
          `${what} would be exported from @losant-sdk/sdk as "${names.namespace}", which the SDK already exports`,
          { ...declared, hint: 'give the tag an explicit `package:`' },
        );
      claim('umbrella namespace', names.namespace, what, declared, fix);
      claim('factory name', names.factory, what, declared, fix);
      packages.push(names);
    }
  }

  const byResource = new Map<string, PackageNames>();
  for (const o of overlays) {
    for (const [resource, tag] of Object.entries(o.resources)) {
      const at = { file: o.file, pointer: pointer('resources', resource) };
      const what = `resource "${resource}" of the ${o.api} API`;
      if (UMBRELLA_KEYS.has(resource))
        throw new GeneratorError(
          'NAME_COLLISION',
          `${what} would be the client key "${resource}", which the client already has`,
          { ...at, hint: 'report it: Losant resources are never named like this' },
        );
      claim('client key', resource, what, at, 'a resource belongs to exactly one overlay: remove it from one of them');
      const cls = className(resource);
      if (!IDENTIFIER.test(cls))
        throw new GeneratorError(
          'NAME_COLLISION',
          `${what} gives the class name "${cls}", which is not an identifier`,
          { ...at, hint: 'report it upstream' },
        );
      claim(
        'class name',
        cls,
        what,
        at,
        'resources whose names differ only in case or punctuation cannot both be generated; report it upstream',
      );
      const pkg = packages.find((p) => p.api === o.api && p.tag === tag);
      if (pkg) byResource.set(resource, pkg);
    }
  }

  // Within a resource class: one method per action, iterators and type names unique.
  const members = new Map<string, Set<string>>();
  const types = new Set<string>();
  for (const a of actions) {
    const pkg = byResource.get(a.resource);
    const at = pkg
      ? { file: pkg.declared.file, pointer: pointer('resources', a.resource) }
      : { file: '(docs index)', pointer: pointer(a.resource, 'actions', a.action) };
    const own = members.get(a.resource) ?? new Set<string>();
    members.set(a.resource, own);
    const add = (member: string, what: string) => {
      if (own.has(member))
        throw new GeneratorError(
          'NAME_COLLISION',
          `resource "${a.resource}": ${what} is named "${member}", like another member`,
          { ...at, hint: 'report the docs index inconsistency' },
        );
      own.add(member);
    };
    add(a.action, `action "${a.action}"`);
    if (a.paginated) add(iteratorName(a.action), `the iterator of "${a.action}"`);
    for (const name of Object.values(actionTypeNames(a.resource, a.action))) {
      const key = `${pkg?.dir ?? ''}:${name}`;
      if (types.has(key))
        throw new GeneratorError(
          'NAME_COLLISION',
          `resource "${a.resource}" action "${a.action}" gives the type name "${name}", which another action of the package has`,
          { ...at, hint: 'report the docs index inconsistency' },
        );
      types.add(key);
    }
  }
  return { packages, byResource };
}
