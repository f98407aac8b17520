import type * as z from 'zod/mini';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A zod schema under the name it gets in `components.schemas`. */
export interface NamedSchema {
  /** PascalCase, unique in the document: `SearchRequest`. */
  readonly name: string;
  readonly schema: z.ZodMiniType;
}

export interface ApiResponse {
  readonly description: string;
  /** Sent as `application/json`; none for an empty answer. */
  readonly body?: NamedSchema;
  /** The same answer in other media types the caller may ask for (`text/csv`), as text. */
  readonly alternatives?: readonly { readonly contentType: string; readonly description: string }[];
}

/** The stable problem codes (`AppError.code`) an operation may answer with, by HTTP status. */
export type ProblemCodes = Readonly<Record<number, readonly string[]>>;

/**
 * One HTTP operation of a function as its OpenAPI document shows it. Declare it
 * next to the route and hand the route the same schema (`readJson(c, schema)`),
 * so the document and the validation cannot drift apart.
 */
export interface ApiOperation {
  readonly method: HttpMethod;
  /** As routed, without path parameters: `/v1/relevant-cases/search`. */
  readonly path: `/${string}`;
  /** camelCase, unique in the document: `searchRelevantCases`. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The schema the handler validates the JSON body with. */
  readonly requestBody?: NamedSchema;
  /** The successful answers, by HTTP status. */
  readonly responses: Readonly<Record<number, ApiResponse>>;
  /** Every application/problem+json answer the operation itself gives; the kit's own are added. */
  readonly problems: ProblemCodes;
  /** `bearer`: `Authorization: Bearer <JWT>` from a trusted issuer. @default 'bearer' */
  readonly security?: 'bearer' | 'public';
}

/** What the document's `info` is made of: a function's manifest has these fields. */
export interface ApiInfo {
  readonly name: string;
  readonly description: string;
  readonly version: string;
}
