import { Hono } from 'hono';
import type * as z from 'zod/mini';
import { type caseSearchAnswer, caseSearchBody } from '../../contracts/case-index.ts';
import type { SandboxData } from '../data/schema.ts';
import { readBody } from './read-body.ts';

/**
 * FK Sags- og Dokumentindeks search by primary party (CONTRACTS.md § case
 * index). A person without cases gets an empty list, as the real index answers.
 */
export function caseIndexRoutes(data: SandboxData): Hono {
  const byParty = new Map(data.children.map((child) => [child.cpr, child.cases]));
  const routes = new Hono();
  routes.post('/cases/search', async (c) => {
    const { partyCpr } = await readBody(c, caseSearchBody);
    const answer: z.infer<typeof caseSearchAnswer> = { cases: byParty.get(partyCpr) ?? [] };
    return c.json(answer);
  });
  return routes;
}
