import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { rulesTable } from '../../server/src/service/rules';
import { InMemoryWorkspace } from '../../server/src/service/workspace';

describe('README', () => {
  const allRules = () => createLanguageService({ workspace: new InMemoryWorkspace() }).rules.all();
  const readme = readFileSync('README.md', 'utf8');
  const START = '<!-- rules:start -->\n';
  const END = '\n<!-- rules:end -->';

  it('has the rule table of the rules as declared: code, default per OpenAPI version, what it finds, basis', () => {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    assert.ok(start >= 0 && end > start, 'README lacks the <!-- rules:start --> … <!-- rules:end --> markers');
    const expected = rulesTable(allRules());
    // UPDATE_README=1 writes the table from the declarations (after a rule is added or changed).
    if (process.env.UPDATE_README === '1') writeFileSync('README.md', readme.slice(0, start + START.length) + expected + readme.slice(end));
    else assert.equal(readme.slice(start + START.length, end), expected, 'README\'s rule table differs from the rules: run `UPDATE_README=1 npx mocha --no-config out/test/unit/readme.test.js`');
  });

  it('gives each rule the words its default rests on', () => {
    for (const rule of allRules()) assert.ok(rule.basis.trim().length > 10, `${rule.code} has no basis`);
  });

  it('lists every custom request of the protocol', () => {
    const protocol = readFileSync('server/src/protocol/index.ts', 'utf8');
    for (const [, method] of protocol.matchAll(/'(interfaceStudio\/[A-Za-z]+)'/g)) assert.ok(readme.includes(`\`${method}\``), `README does not list ${method}`);
  });
});
