import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, lookupByCpr } from './adapter-options.ts';
import { instant, sorCode } from './wire.ts';

export const courseWire = z
  .object({
    unitSor: sorCode,
    start: instant,
    /** `null` while no end is planned. */
    end: z.nullable(instant),
  })
  .check(
    z.refine(
      (c) => c.end === null || Date.parse(c.start) < Date.parse(c.end),
      'a course ends after it starts',
    ),
  );
export type PsychiatryCourse = z.infer<typeof courseWire>;

export const coursesAnswer = z.object({ courses: z.array(courseWire) });

/** The region's psychiatry record: a person's active and planned BUP courses (forløb). */
export interface PsychiatryCourses {
  /** Active and planned courses; ended ones are not returned. */
  coursesOf(cpr: Cpr): Promise<readonly PsychiatryCourse[]>;
}

export function createPsychiatryCourses(options: AdapterOptions): PsychiatryCourses {
  const client = adapterClient('Psychiatry courses', options);
  const lookup = lookupByCpr(client, '/psychiatry/courses/lookup', coursesAnswer);
  return {
    coursesOf: async (cpr) =>
      (await lookup(cpr)).courses.map((c) => ({ unitSor: c.unitSor, start: c.start, end: c.end })),
  };
}
