/** The employee (or system user) who acted, as MinLog shows them. */
export interface AuditActor {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly organisationId: string;
  readonly organisationName: string;
  /**
   * The trust domain that vouched for the actor: `health`, or `municipal/<code>` for a
   * municipality's employee. Absent only on records written before it was recorded.
   */
  readonly trustDomain?: string;
  /** The issuer whose signature on the actor's token was verified. */
  readonly issuer?: string;
}

export interface AuditDecision {
  readonly outcome: 'allow' | 'deny';
  /** Stable code of why (`relation_gp`, `blocked_by_citizen`), never free text about the child. */
  readonly reasonCode: string;
}

/** What a function reports about one access to a child's data. */
export interface AuditEntry {
  readonly actor: AuditActor;
  /**
   * The child as its keyed pseudonym `p-<32 hex>` (POL-001.4), never a CPR
   * number. It is also the key of the guardian's MinLog lookup, which
   * pseudonymises the child's CPR number the same way.
   */
  readonly childPseudonym: string;
  /** The platform function that served the request (`case-overview`). */
  readonly functionName: string;
  readonly action: string;
  /** Why the employee looked (purpose/reason as MinLog shows it). */
  readonly purpose: string;
  readonly decision: AuditDecision;
  /** A værdispring: the employee overrode a citizen's block (Min Spærring), e.g. with consent. */
  readonly override: boolean;
  /**
   * The override the employee declared (POL-008.6), used or not: the reason from
   * the fixed list and their own words on why. Absent when none was declared.
   */
  readonly overrideReason?: string;
  readonly overrideJustification?: string;
  readonly requestId: string;
  readonly traceId: string;
  /** The system the request came from (the GP's practice system, SAPA, an EPJ). */
  readonly callingSystem: string;
  /**
   * Whether the child's data was answered: false for a deny, and for an allow whose
   * answer then failed (an upstream error or timeout). Absent on older records.
   */
  readonly answered?: boolean;
  /**
   * The child's open cases the decision was asked over (FK Sags- og
   * Dokumentindeks ids; empty when the function pulled no cases). Absent on
   * older records, which then concern cases nobody can name (POL-007.14).
   */
  readonly caseIds?: readonly string[];
}

/** An entry as stored: numbered, timed and chained to the record before it. */
export interface AuditRecord extends AuditEntry {
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
  readonly id: string;
  /** When `append` was called. */
  readonly time: Date;
  readonly prevHash: string;
  /** SHA-256 (hex) of `prevHash` followed by the record's canonical JSON. */
  readonly hash: string;
}
