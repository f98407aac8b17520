import { type Cpr, parseCpr } from '../../runtime/cpr/cpr.ts';
import { badRequest } from '../../runtime/http/app-error.ts';

/** The body's CPR number, or a 400 whose message never repeats it. */
export function validCpr(input: string): Cpr {
  const parsed = parseCpr(input);
  if (parsed.ok) return parsed.cpr;
  throw parsed.problem === 'cpr_malformed'
    ? badRequest('invalid_cpr', 'The CPR number must be DDMMYY-SSSS')
    : badRequest('invalid_cpr_date', 'The CPR number does not hold a valid birth date');
}
