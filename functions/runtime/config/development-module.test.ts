import { describe, expect, it } from 'vitest';
import { loadDevelopmentModule } from './development-module.ts';

describe('loading a module only development runs have', () => {
  it('gives the module when it is there', async () => {
    expect(await loadDevelopmentModule(async () => ({ answer: 42 }), 'unused')).toEqual({ answer: 42 });
  });

  it('says what to set instead when the package is not in this build', async () => {
    const missing = () => import(`./no-such-${'module'}.ts`);
    await expect(
      loadDevelopmentModule(missing, 'PGlite is for local runs only: set DATABASE_URL'),
    ).rejects.toThrow(
      /^PGlite is for local runs only: set DATABASE_URL \(this build leaves the package out: /,
    );
  });

  it('passes any other failure on as it is', async () => {
    const broken = async () => {
      throw new TypeError('boom');
    };
    await expect(loadDevelopmentModule(broken, 'unused')).rejects.toThrow(new TypeError('boom'));
  });
});
