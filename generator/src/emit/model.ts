// What to emit: the packages of one API (one per tag), their resources and operations, read
// from the reconciled document through the typed reader and named by the naming module. How
// it looks is up to the views and templates.
import { GeneratorError } from '../errors.js';
import { className, type NamePlan, type PackageNames } from '../naming.js';
import type { LosantApiModel, LosantOperation } from '../openapi/model.js';

export interface EmitResource {
  name: string;
  className: string;
  operations: LosantOperation[];
}

export interface EmitPackage {
  names: PackageNames;
  description: string;
  resources: EmitResource[];
}

export interface EmitModel {
  api: string;
  title: string;
  apiVersion: string;
  packages: EmitPackage[];
}

export function buildEmitModel(model: LosantApiModel, plan: NamePlan, file: string): EmitModel {
  // It is sent as the Accept-Version header: it must be a plain version string.
  if (!/^[0-9A-Za-z.+-]{1,64}$/.test(model.version)) {
    throw new GeneratorError(
      'EMIT_FAILED',
      `info.version ${JSON.stringify(model.version.slice(0, 80))} is not a version string`,
      { file, pointer: '/info/version', hint: 'use a semver-like version, e.g. 1.29.4' },
    );
  }
  const packages: EmitPackage[] = [];
  for (const names of plan.packages.filter((p) => p.api === model.api)) {
    const tagged = model.operations.filter((o) => o.tag === names.tag);
    if (!tagged.length) continue;
    const resources = new Map<string, LosantOperation[]>();
    for (const o of tagged) {
      if (plan.byResource.get(o.resource) !== names) {
        throw new GeneratorError(
          'EMIT_FAILED',
          `${o.operationId} is tagged "${o.tag}" but its resource is not mapped to that tag`,
          { file, hint: 'regenerate: the document and the overlays disagree' },
        );
      }
      resources.set(o.resource, [...(resources.get(o.resource) ?? []), o]);
    }
    const order = (r: string) => names.resources.indexOf(r);
    packages.push({
      names,
      description: model.tags.find((t) => t.name === names.tag)?.description ?? '',
      resources: [...resources.entries()]
        .sort(([a], [b]) => order(a) - order(b))
        .map(([name, operations]) => ({ name, className: className(name), operations })),
    });
  }
  return { api: model.api, title: model.title, apiVersion: model.version, packages };
}
