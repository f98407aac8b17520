import * as z from 'zod/mini';
import {
  healthRequest,
  HEALTH_OVERRIDE_REASONS as OVERRIDE_REASONS,
  HEALTH_PURPOSES as PURPOSES,
} from '../kit/child-access/health-request.ts';

export { OVERRIDE_REASONS, PURPOSES };

/** `POST /v1/relevant-cases/search`: the CPR number travels in the body, never in the URL. */
export const searchRequest = healthRequest;
export type SearchRequest = z.infer<typeof searchRequest>;

export const relevantCase = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  responsibleUnit: z.object({ name: z.string(), phone: z.string(), secureEmail: z.nullable(z.string()) }),
  /** Since when the case has been in its current progress state. */
  since: z.string(),
});

/** Existence and contact only (POL-004.6): no case title, KLE number or title, content, number or caseworker. */
export const searchResponse = z.object({
  hasRelevantCase: z.boolean(),
  cases: z.array(relevantCase),
  /** True when the answer rests on an override of the citizen's block. */
  overrideUsed: z.boolean(),
});
export type SearchResponse = z.infer<typeof searchResponse>;
