import type { Context, Handler } from 'hono';
import type * as z from 'zod/mini';
import type { Principal } from '../../runtime/auth/principal.ts';
import { type Cpr, pseudonym } from '../../runtime/cpr/cpr.ts';
import { type AppError, forbidden } from '../../runtime/http/app-error.ts';
import { readJson } from '../../runtime/http/validate-json.ts';
import { withSpan } from '../../runtime/telemetry/instruments.ts';
import type { Kit } from '../kit.ts';
import { type Attribution, type CheckedItem, type DenialReason, decide, type RefuseAs } from './decide.ts';
import { acceptedJustification } from './override.ts';
import { type ChildFactName, type PulledFacts, pullFacts } from './pull-facts.ts';
import { recordAccess } from './record-access.ts';
import { validCpr } from './validate-cpr.ts';

/** What every child-access request body holds: the CPR number travels here, never in the URL. */
export interface ChildRequest {
  readonly cpr: string;
  readonly purpose: string;
  /** A værdispring over the citizen's block, declared for this request (override.ts). */
  readonly override?: { readonly reason: string; readonly justification: string } | undefined;
}

export interface AllowedAccess<B, T> {
  readonly body: B;
  /** The child's CPR number, for the answer's own lookups (only ever in an upstream body). */
  readonly cpr: Cpr;
  readonly principal: Principal;
  readonly pulled: PulledFacts;
  /** The values of the items whose check allowed. */
  readonly visible: readonly T[];
  readonly overrideUsed: boolean;
  /** The request's id, as its audit record holds it. */
  readonly requestId: string;
}

/** What a function supplies: which facts, which permissions, and how to shape its answer. */
export interface ChildAccessSpec<B extends ChildRequest, T, P, A, C = undefined> {
  /** The audit record's action, e.g. `relevant_cases.search`. */
  readonly action: string;
  readonly body: z.ZodMiniType<B>;
  /** Pulled in parallel, for this request only, before the decision. */
  readonly facts: readonly ChildFactName[];
  /** The `can_*` on the child that must allow first (e.g. `can_lookup_cases`). */
  readonly gate: string;
  /** Objects checked in the same batch once the facts are in (e.g. each active case's contact). */
  readonly items?: (pulled: PulledFacts) => readonly CheckedItem<T>[];
  /** Organisations the relation may run through, for the record (see `Attribution`). */
  readonly attributions?: (pulled: PulledFacts) => readonly Attribution[];
  /**
   * Data fetched only after an allow, before the record is written, so the record
   * says whether data was answered; nothing is answered before the record is in,
   * and an audit failure is the answer whatever this did.
   */
  readonly prepare?: (access: AllowedAccess<B, T>) => Promise<P>;
  /**
   * A change the request makes (store a message, queue its delivery), run only
   * once the record is in: nothing happens that the audit log does not show.
   */
  readonly commit?: (access: AllowedAccess<B, T> & { readonly prepared: P }) => Promise<C>;
  readonly answer: (access: AllowedAccess<B, T> & { readonly prepared: P; readonly committed: C }) => A;
  /** The status of the answer. @default 200 */
  readonly status?: 200 | 201 | 202;
  /** The audit record's reason code of an allow, e.g. `treating_relation`. */
  readonly allowReason: string;
  /** The refusal's message per reason, in the caller's terms (`address_protected` only with `refuseAs`). */
  readonly denials: Readonly<Record<Exclude<DenialReason, 'address_protected'>, string>> &
    Readonly<Partial<Record<DenialReason, string>>>;
  /** How a refusal for the child's own data (not the asker's relation) is told; see `RefuseAs`. */
  readonly refuseAs?: RefuseAs;
}

/**
 * The child-access pipeline, the one place its order holds: CPR from the body →
 * keyed pseudonym → the facts pulled in parallel → one batch check of the gate
 * and the items (twins only with a declared override) → the answer's data
 * fetched → the audit record, saying whether data was answered, written before
 * anything is answered or changed (POL-007.5) → the change the request makes
 * (`commit`) → the answer, or a problem with a stable code. Mount it after
 * `authenticate`.
 */
export function childAccess<B extends ChildRequest, T, P, A, C = undefined>(
  kit: Kit,
  spec: ChildAccessSpec<B, T, P, A, C>,
): Handler {
  // POL-002.1: access is granted only by a `can_*` relation of the model.
  if (!spec.gate.startsWith('can_'))
    throw new RangeError(`the gate must be a can_* relation, not ${spec.gate}`);
  // Which `_without_override` forms decide() may ask in place of their `can_*`.
  const declared: ReadonlySet<string> = new Set(kit.manifest.permissionsChecked);
  return async (c: Context) => {
    const body: B = await readJson(c, spec.body);
    const cpr = validCpr(body.cpr);
    const override = body.override
      ? { reason: body.override.reason, justification: acceptedJustification(body.override.justification) }
      : undefined;
    const child = pseudonym(cpr, kit.pseudonymKey);
    const principal: Principal = c.get('principal');
    const pulled = await pullFacts(kit.upstreams, spec.facts, cpr, child);
    const facts = override
      ? { ...pulled.facts, override: { user: principal.user, reason: override.reason } }
      : pulled.facts;
    const decision = await withSpan(
      'authz.decide',
      // Never the child's pseudonym: it is personal data (POL-001.7).
      { 'hoi.function': kit.manifest.name },
      () =>
        decide(kit.authorizer, {
          user: principal.user,
          facts,
          gate: spec.gate,
          items: onlyPermissions(spec.items?.(pulled) ?? []),
          attributions: spec.attributions?.(pulled) ?? [],
          now: kit.clock(),
          declared,
          ...(spec.refuseAs ? { refuseAs: spec.refuseAs } : {}),
        }),
    );
    const access: AllowedAccess<B, T> | undefined = decision.allowed
      ? {
          body,
          cpr,
          principal,
          pulled,
          visible: decision.visible,
          overrideUsed: decision.overrideUsed,
          requestId: c.get('requestId'),
        }
      : undefined;
    let prepared: P | undefined;
    let failure: unknown;
    if (access) {
      try {
        prepared = spec.prepare ? await spec.prepare(access) : (undefined as P);
      } catch (error) {
        failure = error;
      }
    }
    await recordAccess(c, kit.audit, {
      functionName: kit.manifest.name,
      action: spec.action,
      child,
      purpose: body.purpose,
      outcome: decision.allowed
        ? { allowed: true, reason: spec.allowReason, overrideUsed: decision.overrideUsed }
        : decision,
      answered: access !== undefined && failure === undefined,
      via: decision.allowed ? decision.via : undefined,
      ...(override ? { override } : {}),
      // The cases sent as facts: closed ones decide nothing (child-fact-tuples.ts).
      caseIds: pulled.cases.filter((k) => k.active).map((k) => k.id),
    });
    if (!access) throw denial(decision.allowed ? 'no_relation_to_child' : decision.reason, spec.denials);
    if (failure !== undefined) throw failure;
    const ready = { ...access, prepared: prepared as P };
    const committed = spec.commit ? await spec.commit(ready) : (undefined as C);
    return c.json(spec.answer({ ...ready, committed }), spec.status ?? 200);
  };
}

/** POL-002.1: an item is shown only by a `can_*` relation; anything else is a bug, never a grant. */
function onlyPermissions<T>(items: readonly CheckedItem<T>[]): readonly CheckedItem<T>[] {
  const bad = items.find((item) => !item.relation.startsWith('can_'));
  if (bad) throw new Error(`an item must be checked by a can_* relation, not ${bad.relation}`);
  return items;
}

function denial(
  reason: DenialReason,
  messages: ChildAccessSpec<never, never, never, never, never>['denials'],
): AppError {
  return forbidden(reason, messages[reason] ?? 'Access to this child’s data is refused');
}
