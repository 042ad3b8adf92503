import * as assert from 'node:assert/strict';
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler, SchedulerTimers } from '../../server/src/lsp/diagnostics';
import { LanguageService } from '../../server/src/service/languageService';
import { SettingsStore } from '../../server/src/lsp/settings';

/** A clock that only moves when the test says so. */
class ManualClock implements SchedulerTimers {
  private time = 0;
  private timers: { at: number; run: () => void; live: boolean }[] = [];
  now(): number {
    return this.time;
  }
  set(run: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, run, live: true };
    this.timers.push(timer);
    return timer;
  }
  clear(handle: unknown): void {
    (handle as { live: boolean }).live = false;
  }
  /** Moves the clock on, running what falls due. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.live && t.at <= this.time)) {
      timer.live = false;
      timer.run();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setUp(text: string) {
  const uri = 'file:///ws/big.openapi.json';
  let document = TextDocument.create(uri, 'json', 1, text);
  const documents = { get: (u: string) => (u === uri ? document : undefined), all: () => [document] } as unknown as TextDocuments<TextDocument>;
  const published: { uri: string; version?: number }[] = [];
  const connection = { sendDiagnostics: async (p: { uri: string; version?: number }) => void published.push(p), console: { error: () => undefined } } as unknown as Connection;
  const checked: number[] = [];
  const service = { diagnose: async () => (checked.push(document.version), []), dependentsOf: () => [] } as unknown as LanguageService;
  const settings = { configFileUris: () => [], problems: [], loaded: Promise.resolve() } as unknown as SettingsStore;
  const clock = new ManualClock();
  const scheduler = new DiagnosticsScheduler(connection, documents, service, settings, clock);
  const edit = (next: string): void => {
    document = TextDocument.update(document, [{ text: next }], document.version + 1);
  };
  return { uri, scheduler, clock, published, checked, edit };
}

describe('when diagnostics are computed', () => {
  // A big document waits longest after a keystroke (60 ms); opening it must not wait at all.
  const big = '{"openapi": "3.0.3", "x": "' + 'a'.repeat(4_000_000) + '"}';

  it('checks a document at once when it is opened, although the open also reports its content as changed', async () => {
    const { uri, scheduler, clock, published, checked } = setUp(big);
    // What the server does on didOpen: onDidOpen, then onDidChangeContent for the same version.
    scheduler.schedule(uri, 0);
    scheduler.schedule(uri);
    await clock.advance(0);
    assert.deepEqual(checked, [1]);
    assert.deepEqual(published.map((p) => p.version), [1]);
    await clock.advance(1000);
    assert.deepEqual(checked, [1], 'the open is checked once');
  });

  it('still waits for the typist after an edit, and a newer edit postpones the check', async () => {
    const { uri, scheduler, clock, checked, edit } = setUp(big);
    scheduler.schedule(uri, 0);
    await clock.advance(0);
    edit(big + ' ');
    scheduler.schedule(uri);
    await clock.advance(30);
    assert.deepEqual(checked, [1], 'not while typing');
    edit(big + '  ');
    scheduler.schedule(uri);
    await clock.advance(40);
    assert.deepEqual(checked, [1], 'the second keystroke starts the wait again');
    await clock.advance(30);
    assert.deepEqual(checked, [1, 3], 'only the latest text is checked');
  });

  it('checks a lone keystroke at once, without the typing delay', async () => {
    const { uri, scheduler, clock, checked, published, edit } = setUp(big);
    scheduler.schedule(uri, 0);
    scheduler.edited(uri);
    await clock.advance(0);
    await clock.advance(1000);
    edit(big + ' ');
    scheduler.edited(uri);
    await clock.advance(0);
    assert.deepEqual(checked, [1, 2], 'the keystroke after a quiet second is checked with no time passing');
    assert.deepEqual(published.map((p) => p.version), [1, 2]);
    await clock.advance(200);
    edit(big + '  ');
    scheduler.edited(uri);
    await clock.advance(0);
    assert.deepEqual(checked, [1, 2, 3], 'so is the next one at a typist\'s pace');
  });

  it('checks a burst of keystrokes once, a typing delay after its last one', async () => {
    const { uri, scheduler, clock, checked, published, edit } = setUp(big);
    scheduler.schedule(uri, 0);
    scheduler.edited(uri);
    await clock.advance(1000);
    let text = big;
    for (let i = 0; i < 5; i++) {
      text += 'x';
      edit(text);
      scheduler.edited(uri);
      await clock.advance(i === 0 ? 0 : 20);
    }
    // The first keystroke came after a quiet moment and was checked at once; the four that followed it within 20 ms wait.
    assert.deepEqual(published.map((p) => p.version), [1, 2], 'nothing more is published while the burst goes on');
    await clock.advance(30);
    assert.deepEqual(published.map((p) => p.version), [1, 2], 'still waiting for the typist');
    await clock.advance(30);
    assert.deepEqual(checked.filter((v) => v > 2), [6], 'one check for the keystrokes after the first, of the latest text');
    assert.deepEqual(published.map((p) => p.version), [1, 2, 6]);
    await clock.advance(1000);
    assert.deepEqual(published.map((p) => p.version), [1, 2, 6]);
  });
});
