// The docs index (`api-info.json`): the machine-readable source behind Losant's REST
// documentation. It is the authority on which actions exist and what they take.

export type ParamLocation = 'path' | 'query' | 'body' | 'header' | 'multipart';

export interface DocsParam {
  name: string;
  in: ParamLocation;
  description?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
  example?: unknown;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  deprecated?: boolean;
  schema?: { $ref: string };
}

export interface DocsResponse {
  description: string;
  schema?: { $ref: string };
  sseEvents?: Record<string, { description?: string; schema: { $ref: string } }>;
}

export interface DocsAction {
  method: string;
  path?: string;
  summary?: string;
  description?: string;
  params?: DocsParam[];
  responses: Record<string, DocsResponse>;
  auth?: string[];
  sseStream?: boolean;
  allowUnverified?: boolean;
}

export interface DocsResource {
  path: string;
  params?: DocsParam[];
  auth?: string[];
  actions: Record<string, DocsAction>;
  links?: Record<string, { href: string }>;
}

export type DocsIndex = Record<string, DocsResource>;

const ref = { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string' } } } as const;
const param = {
  type: 'object',
  required: ['name', 'in'],
  properties: {
    name: { type: 'string', minLength: 1 },
    in: { enum: ['path', 'query', 'body', 'header', 'multipart'] },
    description: { type: 'string' },
    type: { type: 'string' },
    required: { type: 'boolean' },
    enum: { type: 'array' },
    pattern: { type: 'string' },
    minLength: { type: 'integer' },
    deprecated: { type: 'boolean' },
    schema: ref,
  },
} as const;

/** Structural checks on the upstream index, so a reshaped index fails loudly, not subtly. */
export const docsIndexSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['path', 'actions'],
    properties: {
      path: { type: 'string', pattern: '^/' },
      params: { type: 'array', items: param },
      auth: { type: 'array', items: { type: 'string' } },
      actions: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['method', 'responses'],
          properties: {
            method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
            path: { type: 'string', pattern: '^/' },
            summary: { type: 'string' },
            description: { type: 'string' },
            params: { type: 'array', items: param },
            auth: { type: 'array', items: { type: 'string' } },
            sseStream: { type: 'boolean' },
            responses: {
              type: 'object',
              minProperties: 1,
              propertyNames: { pattern: '^[1-5][0-9][0-9]$' },
              additionalProperties: {
                type: 'object',
                required: ['description'],
                properties: {
                  description: { type: 'string' },
                  schema: ref,
                  sseEvents: {
                    type: 'object',
                    additionalProperties: { type: 'object', required: ['schema'], properties: { schema: ref } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
