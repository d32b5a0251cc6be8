/**
 * The README's state diagram, checked against the declared machine (event-declarations.ts): every
 * arrow is a move some event declares (allowed in the stage it starts from, and leading to the
 * stage it ends in), every stage is drawn, and every event that moves a case has an arrow.
 */
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { CASE_STAGES, CaseStage, EVENT_DECLARATIONS } from '../../src/protocol';
import { REPO_ROOT } from './support/paths';

interface Arrow { from: CaseStage; to: CaseStage; label: string }

function readmeArrows(): Arrow[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The protocol as a state machine'));
  const block = /```mermaid\n(stateDiagram-v2\n[\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, "the README's state machine section has no mermaid stateDiagram-v2");
  const arrows: Arrow[] = [];
  for (const line of block.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const m = /^\s*(\S+) --> (\S+): (.+)$/.exec(line) ?? /^\s*(\S+) --> (\S+)$/.exec(line);
    assert.ok(m, `not an arrow: ${line}`);
    const [, from, to, label = ''] = m;
    if (from === '[*]' || to === '[*]') continue;
    const stage = (name: string): CaseStage => {
      const s = name.replace(/_/g, '-');
      assert.ok((CASE_STAGES as readonly string[]).includes(s), `${name} in the diagram is not a stage of the protocol`);
      return s as CaseStage;
    };
    arrows.push({ from: stage(from!), to: stage(to!), label });
  }
  return arrows;
}

/** The events that may move a case from one stage to the other, by their declarations. */
function eventsMoving(from: CaseStage, to: CaseStage): string[] {
  return Object.entries(EVENT_DECLARATIONS)
    .filter(([, d]) => d.stages.includes(from) && (from === to ? d.leadsTo?.includes(to) || !d.leadsTo : d.leadsTo?.includes(to)))
    .map(([type]) => type);
}

describe("the README's state diagram, against the event declarations", () => {
  const arrows = readmeArrows();

  it('draws only moves the declared machine allows', () => {
    assert.ok(arrows.length > 10);
    for (const a of arrows) {
      const events = eventsMoving(a.from, a.to);
      assert.ok(events.length > 0, `the diagram's ${a.from} --> ${a.to} ("${a.label}") is no declared event's move`);
      // An arrow that names an event names one that makes this move.
      for (const type of Object.keys(EVENT_DECLARATIONS).filter((t) => new RegExp(`\\b${t}\\b`).test(a.label))) {
        assert.ok(events.includes(type), `the diagram's ${a.from} --> ${a.to} names ${type}, which does not make that move`);
      }
    }
  });

  it('draws every stage', () => {
    const drawn = new Set(arrows.flatMap((a) => [a.from, a.to]));
    for (const stage of CASE_STAGES) assert.ok(drawn.has(stage), `the diagram leaves out the stage ${stage}`);
  });

  it('draws a move for every event that moves a case', () => {
    for (const [type, d] of Object.entries(EVENT_DECLARATIONS)) {
      if (!d.leadsTo?.length) continue;
      assert.ok(arrows.some((a) => d.stages.includes(a.from) && d.leadsTo!.includes(a.to)), `the diagram has no arrow for ${type}`);
    }
  });
});
