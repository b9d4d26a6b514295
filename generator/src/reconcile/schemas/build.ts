// Building every component schema the operations need, from upstream and the doc schemas.
import { GeneratorError } from '../../errors.js';
import { componentRefName, definitionName, pointer as ptr, type Json, type SchemaObject } from '../../json/index.js';
import { firstDifference } from './compare.js';
import { completeFromDoc } from './complete.js';
import { tidyCompositions, type CompositionKind } from './compositions.js';
import { convertSchema, type ConversionKind } from './convert.js';
import { docSchemaToComponent } from './doc-schema.js';

export type SchemaOrigin =
  /** upstream's schema was already complete and agrees with the doc schema */
  | 'upstream'
  /** upstream's dangling refs were filled from the doc schema; the result agrees with it */
  | 'completed'
  /** upstream's schema disagreed with the doc schema, which replaced it */
  | 'replaced'
  /** no upstream schema: taken from the doc schema */
  | 'added';

export interface SchemaRepair {
  schema: string;
  kind: ConversionKind | CompositionKind | 'filled-ref' | 'replaced';
  pointer: string;
  detail: string;
}

export interface BuiltSchemas {
  components: Record<string, SchemaObject>;
  origin: Record<string, SchemaOrigin>;
  repairs: SchemaRepair[];
  /** Named sub-schemas upstream refers to as `common/<name>`: name → the (unconverted) doc sub-schemas that filled them. */
  commons: Map<string, Json[]>;
}

/** An upstream component schema, the document it is in, and that document's components. */
export interface UpstreamSchema {
  node: Json;
  file: string;
  components: Record<string, Json>;
}

export interface SchemaInputs {
  /** Upstream component schemas by name, from whichever document has them (see pooling in reconcile). */
  upstream: Record<string, UpstreamSchema>;
  /** Doc-linked schemas by name. */
  docs: Record<string, Json>;
  /** How to name a doc schema's file in errors. */
  docFile: (name: string) => string;
  /** Schema names the operations refer to, each with the pointer of one referrer (for errors). */
  roots: Map<string, string>;
}

/**
 * Build every component schema the operations need, transitively: complete the upstream
 * schema from the doc schema of the same name when upstream has one, else add the doc
 * schema; convert to OpenAPI 3.0 either way.
 */
export function buildSchemas(input: SchemaInputs): BuiltSchemas {
  const components: Record<string, SchemaObject> = {};
  const origin: Record<string, SchemaOrigin> = {};
  const repairs: SchemaRepair[] = [];
  const commons = new Map<string, Json[]>();
  const convertedDocs = new Map<string, SchemaObject>();
  const queue: Array<[string, string]> = [...input.roots];
  const referrer = new Map(queue);

  const enqueue = (name: string, from: string): void => {
    if (!referrer.has(name)) {
      referrer.set(name, from);
      queue.push([name, from]);
    }
  };
  /**
   * Convert one schema; what it records (its repairs, the schemas it refers to) is kept aside until
   * `keep()`, which records it, so a schema converted to be compared is converted once whether or
   * not it is kept. A ref that names no schema is kept verbatim until then, and `keep()` refuses it
   * (with `keepNow`, the conversion refuses it where it is). `filledFrom` names the parts of `node`
   * filled in from another file (a doc schema): a defect there is reported in that file, where it
   * can be fixed.
   */
  const convert = (
    schema: string,
    node: Json,
    keepNow: boolean,
    [file, base]: [string, string],
    filledFrom?: { file: string; pointers: readonly string[] },
  ): { schema: SchemaObject; keep(): void } => {
    const locate = (pointer: string): { file: string; pointer: string } =>
      filledFrom?.pointers.some((p) => pointer === p || pointer.startsWith(`${p}/`))
        ? { file: filledFrom.file, pointer }
        : { file, pointer: base + pointer };
    const notes: SchemaRepair[] = [];
    const refs: Array<[string, string]> = [];
    let unresolvable: GeneratorError | undefined;
    const converted = convertSchema(node, {
      note: (kind, pointer, detail) => {
        notes.push({ schema, kind, pointer, detail });
      },
      unsupported: (pointer, detail) => {
        throw new GeneratorError('UNSUPPORTED_INPUT', `schema "${schema}": ${detail}`, {
          ...locate(pointer),
          hint: 'no OpenAPI schema can say this: correct the schema in spec/corrections.yaml (with its evidence), or report it upstream',
        });
      },
      ref: (ref, pointer) => {
        const name = definitionName(ref) ?? componentRefName(ref);
        if (name === undefined) {
          unresolvable ??= new GeneratorError('UNREPAIRABLE_REF', `${ref} cannot be resolved`, {
            file,
            pointer: base + pointer,
            hint: 'refs must name a doc schema (#/definitions/<name>); add an overlay correction or report it upstream',
          });
          if (keepNow) throw unresolvable;
          return ref;
        }
        refs.push([name, `${file}#${base}${pointer}`]);
        return `#/components/schemas/${name}`;
      },
    });
    const tidied = tidyCompositions(
      converted,
      (kind, pointer, detail) => {
        notes.push({ schema, kind, pointer, detail });
      },
      '',
      (ref) => docOf(componentRefName(ref) ?? ''),
    ) as SchemaObject;
    const keep = (): void => {
      if (unresolvable) throw unresolvable;
      repairs.push(...notes);
      for (const [name, from] of refs) enqueue(name, from);
    };
    if (keepNow) keep();
    return { schema: tidied, keep };
  };
  const docOf = (name: string): SchemaObject | undefined => {
    let c = convertedDocs.get(name);
    if (!c && Object.hasOwn(input.docs, name)) {
      c = docSchemaToComponent(input.docs[name]!);
      convertedDocs.set(name, c);
    }
    return c;
  };

  while (queue.length) {
    const [name, from] = queue.shift()!;
    const doc = input.docs[name];
    const up = input.upstream[name];
    if (up)
      assertNoAliasCycle(name, up.components, (n) => `${up.file}#${ptr('components', 'schemas', n)}`, componentRefName);
    if (doc !== undefined) assertNoAliasCycle(name, input.docs, (n) => input.docFile(n), definitionName);
    if (doc === undefined) {
      const at = from.split('#');
      throw new GeneratorError(
        'UNREPAIRABLE_REF',
        `schema "${name}" is referenced but has no doc-linked schema to build it from`,
        {
          file: at[0],
          pointer: at[1] ?? '',
          hint: `add schemas/<version>/${name}.json to the sources lock, or correct the reference in the overlay`,
        },
      );
    }
    const docFile: [string, string] = [input.docFile(name), ''];
    if (up === undefined) {
      components[name] = convert(name, doc, true, docFile).schema;
      origin[name] = 'added';
      continue;
    }
    const upFile: [string, string] = [up.file, ptr('components', 'schemas', name)];
    const { schema: completed, filled } = completeFromDoc(up.node, doc, up.components);
    const unfilled = filled.find((f) => f.filledWith === undefined);
    const filledFrom = {
      file: input.docFile(name),
      pointers: filled.filter((f) => f.filledWith !== undefined).map((f) => f.pointer),
    };
    const candidate = convert(name, completed, false, upFile, filledFrom);
    const difference = unfilled ? unfilled.pointer : firstDifference(candidate.schema, docOf(name)!, docOf);
    if (difference === undefined) {
      candidate.keep();
      components[name] = candidate.schema;
      origin[name] = filled.length ? 'completed' : 'upstream';
      for (const f of filled) {
        repairs.push({
          schema: name,
          kind: 'filled-ref',
          pointer: f.pointer,
          detail: `dangling ${f.ref} filled from the doc schema`,
        });
        const common = /^#\/(?:components\/schemas|definitions)\/common\/(.+)$/.exec(f.ref)?.[1];
        if (common) commons.set(common, [...(commons.get(common) ?? []), f.filledWith!]);
      }
    } else {
      components[name] = convert(name, doc, true, docFile).schema;
      origin[name] = 'replaced';
      repairs.push({
        schema: name,
        kind: 'replaced',
        pointer: difference,
        detail: unfilled
          ? `dangling ${unfilled.ref} has no counterpart in the doc schema; replaced by the doc schema`
          : 'upstream schema disagrees with the doc schema here; replaced by the doc schema',
      });
    }
  }
  return { components: sortKeys(components), origin, repairs, commons };
}

/**
 * A schema that is only a `$ref` to a schema that is only a `$ref` … back to itself describes
 * nothing; every reader would loop on it. (Recursion through properties is fine.)
 */
function assertNoAliasCycle(
  name: string,
  schemas: Record<string, Json>,
  where: (name: string) => string,
  refName: (ref: unknown) => string | undefined,
): void {
  const chain = [name];
  for (let node = schemas[name]; ;) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || Object.keys(node).length !== 1) return;
    const next = refName((node as Record<string, Json>)['$ref']);
    if (next === undefined || !Object.hasOwn(schemas, next)) return;
    if (chain.includes(next)) {
      const [file, pointer] = where(chain.at(-1)!).split('#');
      throw new GeneratorError(
        'UNSUPPORTED_INPUT',
        `schema "${name}" is a $ref cycle (${[...chain, next].join(' → ')}): it describes no value`,
        {
          file: file!,
          pointer: pointer ?? '/$ref',
          hint: 'restore the file from its origin or report the cycle upstream; a correction in spec/corrections.yaml can replace the schema',
        },
      );
    }
    chain.push(next);
    node = schemas[next];
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]!]),
  );
}
