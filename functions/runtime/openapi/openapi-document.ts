import { HEALTH_OPERATIONS } from './health-operations.ts';
import type { ApiInfo, ApiOperation } from './operation.ts';
import { KIT_PROBLEMS, mergeProblems, PROBLEM, problemResponse } from './problem-schema.ts';
import { type JsonSchema, schemaComponents } from './schema-components.ts';

export type OpenApiDocument = JsonSchema & { readonly openapi: '3.1.0' };

const BEARER = 'bearerAuth';

/**
 * The function's OpenAPI 3.1 document, built once at start from the same zod
 * schemas the handlers validate with. The health endpoints every function app
 * has are documented too. Servers are relative (`./`): the document is right
 * wherever the function is mounted.
 */
export function openApiDocument(info: ApiInfo, operations: readonly ApiOperation[]): OpenApiDocument {
  const components = schemaComponents();
  const problemRef = components.ref(PROBLEM, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const operationIds = new Set<string>();

  for (const operation of [...operations, ...HEALTH_OPERATIONS]) {
    const { method, path, operationId } = operation;
    if (/[:*{]/.test(path))
      throw new TypeError(`${operationId}: path parameters are not supported (${path})`);
    if (operationIds.has(operationId)) throw new TypeError(`operationId ${operationId} is declared twice`);
    operationIds.add(operationId);
    paths[path] ??= {};
    const item = paths[path];
    if (item[method]) throw new TypeError(`${method.toUpperCase()} ${path} is declared twice`);

    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      const content: Record<string, JsonSchema> = {
        ...(response.body ? { 'application/json': { schema: components.ref(response.body, 'output') } } : {}),
        ...Object.fromEntries(
          (response.alternatives ?? []).map((alt) => [
            alt.contentType,
            { schema: { type: 'string', description: alt.description } },
          ]),
        ),
      };
      responses[status] = {
        description: response.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
      };
    }
    for (const [status, codes] of mergeProblems(operation.problems, KIT_PROBLEMS)) {
      if (responses[status]) throw new TypeError(`${operationId}: ${status} is both an answer and a problem`);
      responses[status] = problemResponse(status, codes, problemRef);
    }

    item[method] = {
      operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      security: operation.security === 'public' ? [] : [{ [BEARER]: [] }],
      ...(operation.requestBody
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: components.ref(operation.requestBody, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: { title: info.name, description: info.description, version: info.version },
    servers: [{ url: './', description: 'Where this document is served from' }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from a trusted municipal or health identity provider',
        },
      },
    },
  };
}
