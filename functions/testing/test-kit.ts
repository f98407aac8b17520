import type { FunctionManifest } from '../kit/define-function.ts';
import type { Kit, Upstreams } from '../kit/kit.ts';
import { declaredOnly } from '../kit/parts.ts';

export type TestKitParts = Partial<Omit<Kit, 'manifest' | 'upstreams'>> & {
  readonly upstreams?: Partial<Upstreams>;
};

/**
 * A kit from parts, for `createApp(kit)` through `app.request()`: what a test
 * leaves out throws when the function reaches for it, as in a real start.
 */
export function testKit(manifest: FunctionManifest, parts: TestKitParts): Kit {
  const { upstreams, ...rest } = parts;
  const none = {
    verifyToken: undefined,
    authorizer: undefined,
    database: undefined,
    audit: undefined,
    pseudonymKey: undefined,
  };
  const allUpstreams: Record<keyof Upstreams, undefined> = {
    caseIndex: undefined,
    caseParties: undefined,
    gpListing: undefined,
    courses: undefined,
    blocks: undefined,
    organisation: undefined,
    health: undefined,
    klePlan: undefined,
    cprRegister: undefined,
    institutions: undefined,
    appointments: undefined,
    locations: undefined,
    messageGateway: undefined,
    caseFiling: undefined,
  };
  return declaredOnly<Kit>(`test kit of ${manifest.name}`, {
    ...none,
    manifest,
    env: {},
    clock: () => new Date(),
    readiness: [],
    ...rest,
    upstreams: declaredOnly<Upstreams>(`test kit of ${manifest.name} upstreams`, {
      ...allUpstreams,
      ...upstreams,
    }),
  });
}
