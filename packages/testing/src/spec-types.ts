// The shape of the data the build bundles into the package (src/generated/spec.ts): what the
// mock needs from the reconciled OpenAPI documents and the recorded fixtures, and nothing else.
import type { ParamIn } from '@losant-sdk/sdk';

/** A JSON Schema object as the reconciled documents write it (OpenAPI 3.0 dialect), annotations stripped. */
export type Schema = { readonly [keyword: string]: unknown };

/** Where a parameter travels: `plain` text, `json` text, or `brackets` (`name[0][key]=value`). */
export type QueryEncoding = 'plain' | 'json' | 'brackets';

export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly encoding: QueryEncoding;
  /** Where it travels, as the generator decided it (core's wire locations). */
  readonly at: ParamIn;
  readonly schema: Schema;
}

export interface FormFieldSpec {
  readonly name: string;
  readonly required: boolean;
  /** file: a binary part; json: a JSON text part; text: a plain text part */
  readonly kind: 'file' | 'text' | 'json';
  /** Where it travels, as the generator decided it (core's wire locations). */
  readonly at: ParamIn;
  readonly schema: Schema;
}

export type BodySpec =
  | { readonly kind: 'json'; readonly name: string; readonly required: boolean; readonly schema: string }
  | { readonly kind: 'multipart'; readonly required: boolean; readonly fields: readonly FormFieldSpec[] };

export interface ResponseSpec {
  readonly status: string;
  /** Component schema name of the JSON body, if any. */
  readonly schema?: string;
  /** Server-Sent Events: event name → component schema name of its data. */
  readonly events?: Readonly<Record<string, string>>;
}

/** The recorded `success` exchange of an operation: its status, and its body or its events. */
export interface RecordedReply {
  readonly status: number;
  readonly body?: unknown;
  readonly events?: ReadonlyArray<{ readonly event: string; readonly data: unknown }>;
}

export interface OperationSpec {
  /** `<resource>.<action>` */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** Does the action need a bearer token? */
  readonly auth: boolean;
  readonly params: readonly ParamSpec[];
  readonly body?: BodySpec;
  readonly responses: readonly ResponseSpec[];
  readonly recorded?: RecordedReply;
}

export interface SpecData {
  /** The Losant API version the documents describe (`1.30.0`). */
  readonly version: string;
  /** Every component schema of every API (names are unique across APIs). */
  readonly schemas: Readonly<Record<string, Schema>>;
  readonly operations: readonly OperationSpec[];
}
