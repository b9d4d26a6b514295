// The kit's validator compiles each referenced schema once, as its own function, with ajv's code
// optimizer off (src/kit/validator.ts): its verdicts and errors must be ajv's default ones, where
// every reference is inlined and the code optimized.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SPEC } from '../src/generated/spec.js';
import { SchemaValidator } from '../src/kit/validator.js';

/** A value gone wrong at every level: a field dropped, one retyped, one added, an item appended. */
function spoiled(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return [...value.map((v) => spoiled(v, depth + 1)), depth % 2 ? { stray: 1 } : 'stray'];
  if (value && typeof value === 'object') {
    const [, ...kept] = Object.entries(value);
    return Object.fromEntries([
      ...kept.map(([k, v], i) => [k, i === 0 ? (typeof v === 'string' ? 12 : 'text') : spoiled(v, depth + 1)]),
      ['stray', true],
    ]);
  }
  return typeof value === 'string' ? `${value}\u0000` : value;
}

const seen = (errors: readonly ErrorObject[]) => errors.map((e) => [e.instancePath, e.keyword, e.message, e.params]);

describe('the validator', () => {
  it("reports what ajv's defaults report, for recorded replies whose schemas nest references, and spoiled ones", () => {
    const text = (name: string) => JSON.stringify(SPEC.schemas[name]);
    const refs = (name: string) =>
      [...text(name).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    /** Levels of schemas, itself included: 3 when it refers to one that refers to another. */
    const depth = (name: string, seen: ReadonlySet<string> = new Set()): number =>
      seen.has(name) ? 0 : 1 + Math.max(0, ...refs(name).map((r) => depth(r, new Set([...seen, name]))));
    /** Its text with every schema it reaches: what ajv's defaults compile into one function. */
    const inlined = (name: string, seen = new Set<string>()): number =>
      seen.has(name) ? 0 : (seen.add(name), text(name).length + refs(name).reduce((n, r) => n + inlined(r, seen), 0));
    const replies = SPEC.operations.flatMap((o) => {
      const schema = o.responses.find((r) => String(r.status) === String(o.recorded?.status))?.schema;
      return schema && o.recorded?.body !== undefined ? [{ schema, body: o.recorded.body }] : [];
    });
    // References two levels deep; the smallest such schemas, cheap to compile with every reference inlined.
    const schemas = [...new Set(replies.map((r) => r.schema))]
      .filter((name) => depth(name) >= 3)
      .sort((a, b) => inlined(a) - inlined(b) || (a < b ? -1 : 1))
      .slice(0, 6);
    expect(schemas).toHaveLength(6);

    const kit = new SchemaValidator(SPEC.schemas);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    ajv.addSchema({ components: { schemas: SPEC.schemas } }, 'losant');
    let invalid = 0;
    for (const name of schemas) {
      const validate = ajv.getSchema(`losant#/components/schemas/${name}`)!;
      const values = [
        ...replies.filter((r) => r.schema === name).flatMap((r) => [r.body, spoiled(r.body)]),
        null,
        {},
        [],
      ];
      for (const value of values) {
        const expected = validate(value) ? [] : seen(validate.errors ?? []);
        if (expected.length) invalid++;
        expect(seen(kit.componentErrorObjects(name, value)), name).toEqual(expected);
      }
    }
    // The spoiled values do fail, so errors (not only verdicts) were compared.
    expect(invalid).toBeGreaterThan(schemas.length);
  });
});
