import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serviceFor, WS } from '../support/service';

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

describe('the examples/ workspace', () => {
  const files = Object.fromEntries(filesBelow('examples').map((path) => [relative('examples', path), readFileSync(path, 'utf8')]));

  for (const clean of ['specs/shop.openapi.yaml', 'specs/erp/erp.openapi.yaml', 'specs/erp/schemas/customer.yaml', 'specs/erp/schemas/salesOrder.yaml']) {
    it(`${clean} is clean (3.0 and 3.1 schemas, multi-file refs)`, async () => {
      const { service } = serviceFor(files);
      assert.deepEqual(await service.diagnose(WS + clean), []);
    });
  }

  it('the draft spec shows the mistakes a reviewer would fix, one finding each', async () => {
    const { service } = serviceFor(files);
    const codes = (await service.diagnose(WS + 'specs/crm-draft.openapi.yaml')).map((d) => `${d.range.start.line + 1}:${d.code}`);
    assert.deepEqual(codes, [
      '7:oas.path.parameterUndeclared',
      '8:oas.operation.missingDescription',
      '9:oas.operationId.duplicate',
      '10:oas.schema.unknownKey',
      '12:oas.path.parameterNotInTemplate',
      '25:oas.operationId.duplicate',
      '28:oas.security.undefinedScope',
      '51:oas.component.unused',
    ]);
  });
});
