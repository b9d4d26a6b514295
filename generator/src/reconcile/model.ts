/**
 * The reconciled model of one API: what every documented action is, independent of
 * how it is written out (OpenAPI document, report, packages).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaObject = { [key: string]: Json };

/** How a query parameter goes on the wire. */
export type QueryEncoding =
  /** name=value */
  | 'plain'
  /** name=<JSON text>: the docs index types it `object` (Losant's own client JSON.stringifies it) */
  | 'json'
  /** name[0][key]=value: objects and arrays spelled out with brackets */
  | 'brackets';

export interface ParamModel {
  name: string;
  in: 'path' | 'query' | 'header';
  description?: string;
  required: boolean;
  schema: SchemaObject;
  encoding: QueryEncoding;
  example?: Json;
  deprecated?: boolean;
}

export interface FormFieldModel {
  name: string;
  description?: string;
  required: boolean;
  /** file: binary part; json: JSON text part; text: plain text part */
  kind: 'file' | 'text' | 'json';
  schema: SchemaObject;
  example?: Json;
}

export type BodyModel =
  | { kind: 'json'; name: string; description?: string; required: boolean; schema: string }
  | { kind: 'multipart'; required: boolean; fields: FormFieldModel[] };

export interface ResponseModel {
  status: string;
  description: string;
  /** Component schema name of the JSON body, if any. */
  schema?: string;
  /** For SSE responses: event name → its data schema. */
  events?: Record<string, { description?: string; schema: string }>;
}

export interface ActionModel {
  resource: string;
  action: string;
  /** `<resource>.<action>`, the same spelling as Losant's per-action auth scope. */
  operationId: string;
  tag: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  params: ParamModel[];
  body?: BodyModel;
  responses: ResponseModel[];
  /** Documented auth scopes that grant this action; empty when no auth is required. */
  scopes: string[];
  requiresAuth: boolean;
  sse: boolean;
  docsUrl: string;
  /** Pointer of the action in the docs index (for the report). */
  source: string;
}
