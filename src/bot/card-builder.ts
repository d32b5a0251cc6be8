/**
 * Expands the Adaptive Card templates in cards/ with their data (adaptivecards-templating).
 * One builder per card; each card's data shape is typed here so a template and its callers
 * cannot drift apart silently (the cards test also expands every template with its sample data).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { escapeCardText } from './markdown-escape';

/**
 * The templates: cards/ at the top of the project when run from source (src/bot), and dist/cards
 * in the compiled build, where this code is bundled into dist/server.js and `npm run build`
 * copies the templates beside it, so a deployed dist/ needs nothing else of the project's files.
 */
export const CARDS_DIR = existsSync(join(__dirname, 'cards')) ? join(__dirname, 'cards') : join(__dirname, '..', '..', 'cards');

export const CARD_NAMES = ['case-card', 'start-case-form', 'approval-request', 'decision-status', 'step-form', 'refusal', 'notice', 'letter-form', 'waiting-decisions'] as const;
export type CardName = (typeof CARD_NAMES)[number];

/** An expanded Adaptive Card, ready to send. */
export type CardJson = Record<string, unknown>;

/** A refusal or problem shown at the top of a card ("shown" false hides it). */
export interface CardNotice {
  shown: boolean;
  message: string;
  rule: string;
}

export const NO_NOTICE: CardNotice = { shown: false, message: '', rule: '' };

export interface RuleLine {
  id: string;
  text: string;
}

import type { CaseDocumentsCardData } from './case-documents-view';
import type { InvokeVerb } from './invoke-verbs';

export interface CaseCardData {
  caseId: string;
  ref: string;
  pathwayText: string;
  stageText: string;
  daysInCare: string;
  socialWorker: string;
  notice: CardNotice;
  done: { shown: boolean; message: string };
  signOff: { headline: string; rules: RuleLine[] };
  assessment: { headline: string; rules: RuleLine[] };
  /** While revising: who sent the assessment back, when, and their comment. */
  returned: { shown: boolean; message: string };
  checklist: { status: string; color: string; title: string; detail: string }[];
  hasVisits: boolean;
  visits: { title: string; value: string }[];
  /** Messages of the case that did not reach someone and still matter. */
  undelivered: { shown: boolean; items: { text: string; advice: string }[] };
  /** The case file: links to its documents, and the Head of Service's agreement to copy (src/bot/case-documents-view.ts). */
  documents: CaseDocumentsCardData;
  /**
   * The requests waiting for this person ("Open the request: …"), shown under the case's facts: at the
   * card's end, after the checklist and the visits, an approver on a phone scrolled a long way to reach one.
   */
  requestActions: { title: string; verb: InvokeVerb; step: string; approvalId: string; index: string }[];
  actions: { title: string; verb: InvokeVerb; step: string; approvalId: string; index: string }[];
  /** "If something is wrong or has changed": correct, undo, withdraw, reopen (issue 12). */
  hasChangeActions: boolean;
  changeActions: { title: string; verb: InvokeVerb; step: string; approvalId: string; index: string }[];
  hasMoreChangeActions: boolean;
  moreChangeActions: { title: string; verb: InvokeVerb; step: string; approvalId: string; index: string }[];
  /** The case's own people ("Team manager: Pat Smith"), under the social worker. */
  people?: { title: string; value: string }[];
}

export const START_FORM_FIELDS = [
  'ref',
  'legalStatus',
  'pathway',
  'trigger',
  'dateOfBirth',
  'accommodatedOn',
  'previousEpisodeEndedOn',
  'lastAssessmentCompletedOn',
  'returnedHomeOn',
  'iro',
] as const;
export type StartFormField = (typeof START_FORM_FIELDS)[number];

export interface StartCaseFormData {
  notice: { shown: boolean; message: string };
  values: Record<StartFormField, string>;
  errors: Record<StartFormField, string>;
  /** The organisation's IROs, after "Not known yet" (value `not-known`). */
  iroChoices?: { title: string; value: string }[];
  /** The date pickers' last day (protocol's latestFactDay: today). */
  latestDay: string;
}

export interface ApprovalRequestData {
  caseId: string;
  approvalId: string;
  approverIds: string[];
  notice: CardNotice;
  stageTitle: string;
  /** "Team manager's agreement needed"; a Director's authorisation asked where it is not required says so (R-SIGN-6). */
  headline: string;
  ref: string;
  rulesText: string;
  pathwayText: string;
  daysInCare: string;
  socialWorker: string;
  requestedOn: string;
  /** By when to decide, and the escalation that follows (escalation.ts decideByText). */
  decideBy: string;
  signOffText: string;
  formText: string;
  riskAnalysis: string;
  safetyPlan: string;
  /** Each option, with its purpose only where the options' purposes differ (": …"). */
  stepdown: { option: string; purpose: string }[];
  /** The plan's one purpose, shown once ('' where each option has its own). */
  stepdownPurpose: string;
  iroView: string;
  childViews: string;
  parentsViews: string;
  /** Whether the child is already home (and, for the Director, that the agreement is retrospective). */
  homeText: string;
  /** The immediate risk check's LPM / ICPC answers (R-UNPL-2). */
  riskText: string;
  /** Every earlier decision in the chain. */
  hasChain: boolean;
  chain: string[];
  /** What changed since the version sent back. */
  hasChanges: boolean;
  changes: string[];
  /** What each button does, in words, and the buttons' titles. */
  buttonsText: string;
  requestChangesTitle: string;
  rejectTitle: string;
  /** The comment box's text: '' on a new card, what they typed on a decision refused (nothing typed is lost). */
  comment: string;
  /** Which answers are shortened on this card (each then has a "Read in full" action). */
  more: Record<'riskAnalysis' | 'safetyPlan' | 'stepdown' | 'iroView' | 'childViews' | 'parentsViews', boolean>;
}

export interface DecisionStatusData {
  caseId: string;
  notice: CardNotice;
  stageTitle: string;
  ref: string;
  headline: string;
  color: string;
  outcomeText: string;
  decidedBy: string;
  decidedAt: string;
  comment: string;
  stageText: string;
}

export interface StepField {
  id: string;
  kind: 'text' | 'date' | 'toggle' | 'choice';
  label: string;
  required: boolean;
  errorMessage: string;
  /** A text box's most, as the step's check refuses past it (the box stops typing there, on clients that keep the hint). */
  maxLength: number;
  value: string;
  error: string;
  multi: boolean;
  choices: { title: string; value: string }[];
  /** A date picker's last day (YYYY-MM-DD: today, for what has already happened); '' for none. */
  max: string;
}

export interface StepFormData {
  caseId: string;
  ref: string;
  step: string;
  index: string;
  title: string;
  rule: string;
  ruleText: string;
  submitTitle: string;
  notice: CardNotice;
  /** What the person should know before filling the form in (the approver's comment on a revision). */
  intro: { shown: boolean; message: string };
  fields: StepField[];
  /** The values the form opened with, as JSON, sent back with it (a step that `keepsShown`); '' otherwise. */
  shown: string;
}

/** A proactive notice: what happened or is due, and a button to act on it (none in a channel). */
export interface NoticeCardData {
  caseId: string;
  headline: string;
  color: string;
  text: string;
  facts: { title: string; value: string }[];
  rulesText: string;
  actions: { title: string; verb: InvokeVerb; step: string; index: string; approvalId: string }[];
}

/** The "Your time in our care" letter: a draft to edit, and the date it was written (R-LETTER-1). */
export interface LetterFormData {
  caseId: string;
  ref: string;
  rule: string;
  ruleText: string;
  notice: CardNotice;
  /** Where the finished letter is also copied to. */
  recordSystem: string;
  letter: string;
  letterError: string;
  writtenOn: string;
  /** The date's label, and what is said when it is left empty, as on every other form. */
  writtenOnLabel: string;
  writtenOnRequired: string;
  /** The picker's last day: today, since a letter finished later is refused. */
  writtenOnMax: string;
  writtenOnError: string;
  /** What the IRO, the foster carer or key worker and the parents want to say, and any problem with each. */
  iroWords: string;
  carerName: string;
  carerEmail: string;
  carerWords: string;
  parentsWords: string;
  contributionsError: string;
}

/** "my cases" and the welcome: the decisions waiting for the person, each with a button to open it. */
export interface WaitingDecisionsData {
  /** due: ", due by Fri 6 Mar 2026" or ", **OVERDUE by …** (due by …)", as "my cases" says it; '' for the IRO's view. */
  items: { ref: string; what: string; since: string; due: string }[];
  /** "And 3 more: type my cases." when there are more than the buttons shown. */
  more: string;
  actions: { title: string; verb: Extract<InvokeVerb, 'showApproval' | 'showCase'>; caseId: string; approvalId: string }[];
}

export interface RefusalData {
  title: string;
  message: string;
  rule: string;
  ruleText: string;
}

const templates = new Map<CardName, unknown>();

export function loadTemplate(name: CardName): unknown {
  let template = templates.get(name);
  if (template === undefined) {
    template = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as unknown;
    templates.set(name, template);
  }
  return template;
}

/** Expands a template; any data (also the sample data files) goes through here. */
// A Template parses its expressions once and can expand many times: building one per card
// (not per call) made approvals 2.7 times faster in the benchmark.
const compiled = new Map<CardName, Template>();

export function expandCard(name: CardName, data: unknown): CardJson {
  let template = compiled.get(name);
  if (!template) {
    template = new Template(loadTemplate(name));
    compiled.set(name, template);
  }
  // Free text shows as typed: Markdown in it is escaped, so a link in a comment is not live (L4).
  return escapeCardText(template.expand({ $root: data }) as CardJson);
}

export const caseCard = (data: CaseCardData): CardJson => expandCard('case-card', data);
export const startCaseForm = (data: StartCaseFormData): CardJson => expandCard('start-case-form', data);
export const approvalRequestCard = (data: ApprovalRequestData): CardJson => expandCard('approval-request', data);
export const decisionStatusCard = (data: DecisionStatusData): CardJson => expandCard('decision-status', data);
export const stepFormCard = (data: StepFormData): CardJson => expandCard('step-form', data);
export const refusalCard = (data: RefusalData): CardJson => expandCard('refusal', data);
export const noticeCard = (data: NoticeCardData): CardJson => expandCard('notice', data);
export const letterFormCard = (data: LetterFormData): CardJson => expandCard('letter-form', data);
export const waitingDecisionsCard = (data: WaitingDecisionsData): CardJson => expandCard('waiting-decisions', data);
