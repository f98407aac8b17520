import type { ExplainResult, ExplainStep } from '../../functions/openfga-embedded/vocabulary/types.ts';

/** Renders an explanation as an indented tree a reviewer can read in a terminal. */
export function formatExplanation(
  request: { user: string; relation: string; object: string },
  result: ExplainResult,
): string {
  const lines = [
    `${result.allowed ? 'ALLOWED' : 'DENIED'}: ${request.user} ${request.relation} ${request.object}`,
    '',
  ];
  const walk = (step: ExplainStep, depth: number) => {
    const mark = step.allowed ? '✓' : '✗';
    const tuple = step.tuple
      ? `  ← ${step.tuple.object}#${step.tuple.relation}@${step.tuple.user}${step.tuple.condition ? ` [${step.tuple.condition.name}]` : ''}${step.contextual ? ' (contextual)' : ' (stored)'}`
      : '';
    lines.push(`${'  '.repeat(depth)}${mark} ${step.node} [${step.rule}]${tuple}`);
    for (const child of step.children ?? []) walk(child, depth + 1);
  };
  walk(result.path, 0);
  return lines.join('\n');
}
