import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('<!-- rules:start -->'), readme.indexOf('<!-- rules:end -->'));

  it('lists every rule code with its default severity', () => {
    for (const rule of createLanguageService({ workspace: new InMemoryWorkspace() }).rules.all()) {
      assert.ok(table.includes(`| \`${rule.code}\` | ${rule.severity} |`), `README's rule table lacks ${rule.code} (${rule.severity})`);
    }
  });

  it('lists every custom request of the protocol', () => {
    const protocol = readFileSync('server/src/protocol/index.ts', 'utf8');
    for (const [, method] of protocol.matchAll(/'(interfaceStudio\/[A-Za-z]+)'/g)) assert.ok(readme.includes(`\`${method}\``), `README does not list ${method}`);
  });
});
