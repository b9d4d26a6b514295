// API evolution as data: an overlay's `renamed:` and `deprecated:` entries, checked against the
// actions they name and recorded on them (x-losant-evolution), so that emit keeps every earlier
// SDK name as a deprecated alias and the release flow can tell a rename from a removal.
import { GeneratorError } from '../errors.js';
import { pointer } from '../json/index.js';
import type { Evolution } from '../openapi/model.js';
import type { ActionModel } from './model.js';
import type { LoadedOverlay } from './overlay.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The overlay's actions with their evolution recorded; every entry must name what exists, by a name that is free. */
export function applyEvolution(overlay: LoadedOverlay, actions: ActionModel[]): ActionModel[] {
  const { renamed = {}, deprecated = {} } = overlay.overlay;
  if (!Object.keys(renamed).length && !Object.keys(deprecated).length) return actions;
  const fail = (at: string, message: string, hint: string): never => {
    throw new GeneratorError('INVALID_OVERLAY', message, { file: overlay.file, pointer: at, hint });
  };
  const resources = new Set(actions.map((a) => a.resource));
  const action = (resource: string, name: string) => actions.find((a) => a.resource === resource && a.action === name);
  const evolution = new Map<ActionModel, Evolution>();
  const params = new Map<ActionModel, Map<string, Evolution>>();
  const of = (a: ActionModel) => evolution.get(a) ?? (evolution.set(a, {}), evolution.get(a)!);
  const ofParam = (a: ActionModel, name: string) => {
    const byName = params.get(a) ?? (params.set(a, new Map()), params.get(a)!);
    return byName.get(name) ?? (byName.set(name, {}), byName.get(name)!);
  };
  const freeName = (at: string, name: string, taken: boolean, what: string) => {
    if (!IDENTIFIER.test(name))
      fail(at, `"${name}" is not an identifier the SDK can use as ${what}`, 'use letters, digits, _ or $');
    if (taken)
      fail(
        at,
        `"${name}" is a current ${what}: an earlier name must not be one`,
        'remove the entry, or name the earlier name',
      );
  };

  for (const [old, current] of Object.entries(renamed.resources ?? {})) {
    const at = pointer('renamed', 'resources', old);
    if (!resources.has(current))
      fail(at, `resource "${current}" is not a resource of this API`, 'name the resource as the overlay maps it');
    freeName(at, old, resources.has(old), 'resource');
    for (const a of actions.filter((x) => x.resource === current)) (of(a).resourceAliases ??= []).push(old);
  }
  for (const [key, current] of Object.entries(renamed.actions ?? {})) {
    const at = pointer('renamed', 'actions', key);
    const [resource = '', old = '', ...rest] = key.split('.');
    if (rest.length || !resources.has(resource))
      fail(at, `"${key}" is not <resource>.<earlier action> of this API`, 'write the key as resource.oldAction');
    const target =
      action(resource, current) ??
      fail(at, `${resource}.${current} is not an action of this API`, 'name the action as the docs index does');
    freeName(at, old, action(resource, old) !== undefined, `action of ${resource}`);
    (of(target).aliases ??= []).push(old);
  }
  for (const [key, current] of Object.entries(renamed.params ?? {})) {
    const at = pointer('renamed', 'params', key);
    const [resource = '', name = '', old = '', ...rest] = key.split('.');
    const target = rest.length ? undefined : action(resource, name);
    if (!target)
      fail(
        at,
        `"${key}" is not <resource>.<action>.<earlier param> of this API`,
        'write the key as resource.action.oldParam',
      );
    if (!target!.params.some((p) => p.name === current))
      fail(at, `${resource}.${name} has no parameter "${current}"`, 'name the parameter as the docs index does');
    freeName(
      at,
      old,
      target!.params.some((p) => p.name === old),
      `parameter of ${resource}.${name}`,
    );
    (ofParam(target!, current).aliases ??= []).push(old);
  }
  for (const [key, why] of Object.entries(deprecated)) {
    const at = pointer('deprecated', key);
    const [resource = '', name, param, ...rest] = key.split('.');
    if (rest.length || !resources.has(resource))
      fail(at, `"${key}" names nothing of this API`, 'write resource, resource.action or resource.action.param');
    if (name === undefined) {
      for (const a of actions.filter((x) => x.resource === resource)) of(a).resourceDeprecation = why;
      continue;
    }
    const target =
      action(resource, name) ??
      fail(at, `${resource}.${name} is not an action of this API`, 'name the action as the docs index does');
    if (param === undefined) of(target).deprecation = why;
    else if (!target.params.some((p) => p.name === param))
      fail(at, `${resource}.${name} has no parameter "${param}"`, 'name the parameter as the docs index does');
    else ofParam(target, param).deprecation = why;
  }
  return actions.map((a) => {
    const e = evolution.get(a);
    const p = params.get(a);
    if (!e && !p) return a;
    return {
      ...a,
      ...(e ? { evolution: sortedEvolution(e) } : {}),
      ...(p
        ? { params: a.params.map((x) => (p.has(x.name) ? { ...x, evolution: sortedEvolution(p.get(x.name)!) } : x)) }
        : {}),
    };
  });
}

/** The same evolution with its alias lists sorted (the overlay's key order does not matter). */
function sortedEvolution(e: Evolution): Evolution {
  return {
    ...(e.aliases ? { aliases: [...e.aliases].sort() } : {}),
    ...(e.deprecation ? { deprecation: e.deprecation } : {}),
    ...(e.resourceAliases ? { resourceAliases: [...e.resourceAliases].sort() } : {}),
    ...(e.resourceDeprecation ? { resourceDeprecation: e.resourceDeprecation } : {}),
  };
}
