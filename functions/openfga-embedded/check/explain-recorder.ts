import type { TupleRecord } from '../store/tuple-record.ts';
import type { ExplainStep } from '../vocabulary/types.ts';
import { type Outcome, TRUE } from './outcome.ts';

interface Draft {
  node: string;
  rule: string;
  allowed: boolean;
  record: TupleRecord | undefined;
  children: Draft[];
}

/**
 * Collects the steps of one Check while the engine runs, then renders them as
 * an ExplainStep tree. Besides the rewrite rules the steps use `condition`,
 * `cycle` (a relation met again on its own path), `self` (the user is the
 * userset asked about) and `depth_exceeded`.
 */
export class ExplainRecorder {
  private readonly root: Draft = draft('', 'root', undefined);
  private readonly open: Draft[] = [this.root];

  enter(node: string, rule: string, record?: TupleRecord): void {
    const step = draft(node, rule, record);
    this.top().children.push(step);
    this.open.push(step);
  }

  exit(outcome: Outcome): void {
    const step = this.open.pop()!;
    step.allowed = outcome === TRUE;
  }

  note(node: string, rule: string, outcome: Outcome, record?: TupleRecord): void {
    this.enter(node, rule, record);
    this.exit(outcome);
  }

  /** The tree for the request; allowed steps keep only the operands that granted access. */
  result(): ExplainStep {
    const first = this.root.children[0];
    if (first === undefined) return { node: '', rule: 'direct', allowed: false };
    return render(first);
  }

  private top(): Draft {
    return this.open[this.open.length - 1]!;
  }
}

/** Rules where one granting operand is the whole reason; the others are noise once access is granted. */
const ANY_OF = new Set(['direct', 'computed', 'tuple_to_userset', 'union']);

function render(step: Draft): ExplainStep {
  // A direct rewrite decided by one tuple reads better as that tuple's step alone.
  const only = step.children.length === 1 ? step.children[0]! : undefined;
  if (
    step.rule === 'direct' &&
    step.record === undefined &&
    only?.rule === 'direct' &&
    only.node === step.node
  ) {
    return render(only);
  }
  let children = step.children;
  if (step.allowed && ANY_OF.has(step.rule)) children = children.filter((child) => child.allowed);
  return {
    node: step.node,
    rule: step.rule,
    allowed: step.allowed,
    ...(step.record === undefined
      ? {}
      : { tuple: step.record.key, ...(step.record.contextual ? { contextual: true } : {}) }),
    ...(children.length === 0 ? {} : { children: children.map(render) }),
  };
}

function draft(node: string, rule: string, record: TupleRecord | undefined): Draft {
  return { node, rule, allowed: false, record, children: [] };
}
