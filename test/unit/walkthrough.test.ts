import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string }; completionEvents?: string[] }

const manifest = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; steps: Step[] }[] };
};
const [walkthrough] = manifest.contributes.walkthroughs;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

/** The `[label](command:id?args)` links of a step's description, with their decoded arguments. */
function links(step: Step): { label: string; command: string; args: unknown[] }[] {
  return [...step.description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map(([, label, command, args]) => ({ label, command, args: args ? (JSON.parse(decodeURIComponent(args)) as unknown[]) : [] }));
}

describe('the Get Started walkthrough', () => {
  it('tours the examples: a spec\'s problems, a mapping\'s preview, a flow\'s diagram, a team snippet, a ruleset, a change report and a flow run', () => {
    const commands = walkthrough.steps.flatMap((s) => links(s).flatMap((l) => [l.command, ...l.args.filter((a): a is string => typeof a === 'string' && a.startsWith('interfaceStudio.'))]));
    for (const expected of ['interfaceStudio.previewMapping', 'interfaceStudio.showSequenceDiagram', 'interfaceStudio.insertFromSnippetLibrary', 'interfaceStudio.compareWithRevision', 'interfaceStudio.runFlow', 'interfaceStudio.runTask', 'interfaceStudio.addCiTemplate']) {
      assert.ok(commands.includes(expected), `no step runs ${expected}`);
    }
    const opened = walkthrough.steps.flatMap((s) => links(s).filter((l) => l.command === 'interfaceStudio.openExample').map((l) => l.args[0]));
    for (const example of ['specs/crm-draft.openapi.yaml', 'governance/team.spectral.yaml', 'specs/shop.openapi.yaml', 'flows/order-to-cash.flow.yaml']) assert.ok(opened.includes(example), `no step opens ${example}`);
  });

  for (const step of walkthrough.steps) {
    it(`${step.id}: its links run commands the extension contributes, on example files that exist`, () => {
      assert.ok(links(step).length > 0, 'the step offers no action');
      for (const link of links(step)) {
        assert.ok(contributed.has(link.command), `${link.label}: ${link.command} is not a contributed command`);
        if (link.command !== 'interfaceStudio.openExample') continue;
        const [file, then] = link.args as [string, string | undefined];
        assert.ok(existsSync(resolve('examples', file)), `${link.label}: examples/${file} does not exist`);
        if (then?.startsWith('interfaceStudio.')) assert.ok(contributed.has(then), `${link.label}: ${then} is not a contributed command`);
      }
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(contributed.has(command), `${event} names no contributed command`);
      }
    });

    it(`${step.id}: its media exists, and the example files its text names are in examples/`, () => {
      const media = step.media.image ?? step.media.markdown;
      assert.ok(media && existsSync(resolve(media)), `${media} is missing`);
      if (!step.media.markdown) return;
      const text = readFileSync(resolve(step.media.markdown), 'utf8');
      for (const [, file] of text.matchAll(/`((?:specs|mappings|flows|governance|samples)\/[\w./-]+\.(?:ya?ml|json))`/g)) {
        assert.ok(existsSync(resolve('examples', file)), `${media} names examples/${file}, which does not exist`);
      }
    });
  }
});
