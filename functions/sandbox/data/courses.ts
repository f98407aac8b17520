import type { PsychiatryUnit } from '../../contracts/health-organisation.ts';
import type { PsychiatryCourse } from '../../contracts/psychiatry-courses.ts';
import { daysFrom } from './calendar.ts';
import type { Rng } from './random.ts';

export type CourseKind = 'active' | 'ended' | 'planned';

/** One BUP course (forløb) relative to `today`: running, ended, or starting later. */
export function makeCourse(rng: Rng, today: Date, unit: PsychiatryUnit, kind: CourseKind): PsychiatryCourse {
  switch (kind) {
    case 'active': {
      const start = -rng.between(10, 500);
      return {
        unitSor: unit.sor,
        start: daysFrom(today, start),
        end: rng.chance(0.6) ? null : daysFrom(today, rng.between(14, 300)),
      };
    }
    case 'ended': {
      const end = -rng.between(5, 300);
      return {
        unitSor: unit.sor,
        start: daysFrom(today, end - rng.between(60, 500)),
        end: daysFrom(today, end),
      };
    }
    case 'planned': {
      const start = rng.between(3, 90);
      return {
        unitSor: unit.sor,
        start: daysFrom(today, start),
        end: rng.chance(0.7) ? null : daysFrom(today, start + rng.between(90, 365)),
      };
    }
  }
}

/** About a third of children known to the municipality have met BUP; fewer of the others. */
export function coursesForChild(
  rng: Rng,
  today: Date,
  units: readonly PsychiatryUnit[],
  hasActiveCase: boolean,
): PsychiatryCourse[] {
  if (!rng.chance(hasActiveCase ? 0.45 : 0.15)) return [];
  const kind = rng.weighted<CourseKind>([
    ['active', 50],
    ['ended', 30],
    ['planned', 20],
  ]);
  const courses = [makeCourse(rng, today, rng.pick(units), kind)];
  if (kind !== 'ended' && rng.chance(0.2)) courses.unshift(makeCourse(rng, today, rng.pick(units), 'ended'));
  return courses;
}
