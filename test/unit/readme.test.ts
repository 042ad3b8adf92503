import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allRules } from '../../server/src/service/rules';
import '../../server/src/service/languageService';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('<!-- rules:start -->'), readme.indexOf('<!-- rules:end -->'));

  it('lists every rule code with its default severity', () => {
    for (const rule of allRules()) {
      assert.ok(table.includes(`| \`${rule.code}\` | ${rule.severity} |`), `README's rule table lacks ${rule.code} (${rule.severity})`);
    }
  });

  it('lists every custom request of the protocol', () => {
    const protocol = readFileSync('server/src/protocol.ts', 'utf8');
    for (const [, method] of protocol.matchAll(/'(interfaceStudio\/[A-Za-z]+)'/g)) assert.ok(readme.includes(`\`${method}\``), `README does not list ${method}`);
  });
});
