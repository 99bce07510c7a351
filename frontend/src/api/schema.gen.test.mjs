// Plain JavaScript: it reads files through Node, whose types the SPA's tsconfig leaves out.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

// schema.gen.ts is what contract.ts checks the SPA's types against: it must be the
// contract as it is now, so a change to api/openapi.yaml without `npm run gen:api`
// fails here.
describe('schema.gen.ts', () => {
  it('is generated from api/openapi.yaml as it stands', async () => {
    const spec = await readFile(resolve(process.cwd(), '../api/openapi.yaml'), 'utf8');
    const generated = astToString(await openapiTS(spec));
    const committed = await readFile(resolve(process.cwd(), 'src/api/schema.gen.ts'), 'utf8');
    const body = (s) => s.slice(s.indexOf('export interface paths'));
    expect(body(committed)).toBe(body(generated));
  }, 30_000);
});
