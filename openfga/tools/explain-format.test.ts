import { describe, expect, it } from 'vitest';
import { formatExplanation } from './explain-format.ts';

describe('formatExplanation', () => {
  it('prints the decision and the path with stored and contextual tuples', () => {
    const text = formatExplanation(
      { user: 'user:gp', relation: 'can_view_school', object: 'child:p-1' },
      {
        allowed: true,
        path: {
          node: 'child:p-1#can_view_school',
          rule: 'union',
          allowed: true,
          children: [
            {
              node: 'child:p-1#listed_with',
              rule: 'tuple_to_userset',
              allowed: true,
              tuple: { object: 'child:p-1', relation: 'listed_with', user: 'gp_clinic:1' },
              contextual: true,
            },
            {
              node: 'gp_clinic:1#gp',
              rule: 'direct',
              allowed: true,
              tuple: { object: 'gp_clinic:1', relation: 'gp', user: 'user:gp' },
              contextual: false,
            },
          ],
        },
      },
    );
    expect(text).toBe(
      [
        'ALLOWED: user:gp can_view_school child:p-1',
        '',
        '✓ child:p-1#can_view_school [union]',
        '  ✓ child:p-1#listed_with [tuple_to_userset]  ← child:p-1#listed_with@gp_clinic:1 (contextual)',
        '  ✓ gp_clinic:1#gp [direct]  ← gp_clinic:1#gp@user:gp (stored)',
      ].join('\n'),
    );
  });
});
