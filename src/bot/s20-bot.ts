/**
 * The case bot for personal chat: text commands, and `adaptiveCard/action` invokes routed on
 * one field (`verb`) and mapped to the case service. The person acting is taken only from the
 * activity (`from.aadObjectId`), never from card data; every answer to a click is a card
 * (HTTP 200), with any refusal shown on it in plain words and its rule id.
 */
import { NEW_COPY_COMMAND, newCopyAnswer } from './new-copy-command';
import { createHash } from 'node:crypto';
import {
  Activity,
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { ActCommand, CaseService, CommandOutcome, WaitingDecision } from '../cases/case-service';
import type { StoredCase } from '../ports/case-store';
import type { DeliveryState } from '../ports/delivery-state';
import {
  ApprovalStage,
  CaseState,
  dateText,
  datesAsText,
  dateOfBirthProblem,
  lastAssessmentProblem,
  DECISION_OUTCOMES,
  isCalendarDate,
  parseFacts,
  Person,
  RULES,
  RuleId,
  UNPLANNED_TRIGGERS,
  UnplannedTrigger,
} from '../protocol';
import {
  approvalRequestCard,
  CardJson,
  CardNotice,
  caseCard,
  type CaseCardData,
  decisionStatusCard,
  NO_NOTICE,
  letterFormCard,
  refusalCard,
  START_FORM_FIELDS,
  StartFormField,
  startCaseForm,
  stepFormCard,
  waitingDecisionsCard,
} from './card-builder';
import { checkStepValues, isStepId, ruleText, StepId, stepFor, StepSpec, stepFields } from './case-steps';
import { stepIntro } from './step-intro';
import { APPROVAL_ANSWERS, APPROVAL_TITLES, type ApprovalAnswer, approvalRequestData, caseCardData, decisionStatusData, ViewContext } from './case-view';
import { draftLetter } from './letter-draft';
import { noteShownCard } from './opened-copies';
import { isFromOutlook, OUTLOOK_NOT_YET } from './outlook-invoke';
import { teamsUserIds } from './refresh-users';
import { IRO_CHANNEL } from '../cases/effect-delivery';
import { deliveryKeys, type DeliveryKey } from '../ports/delivery-keys';
import { undeliveredMessages } from '../cases/undelivered-messages';
import { isStoreFull, STORE_FULL_MESSAGE, STORE_FULL_TITLE } from '../cases/store-full';
import { NOT_KNOWN_IRO } from '../cases/case-people';
import { documentLinks } from '../documents/document-links';
import { caseDocumentsData } from './case-documents-view';
import { handOver, handoverForm, HANDOVER_STEP } from './handover-form';
import { viewerMayUse } from './viewer-actions';
import { readOnlyRequest } from './read-only-request';
import { closedCasesText, ListContext, myCasesText, needingPeopleText, NOT_A_MANAGER_TEXT, teamCasesText } from './working-list-text';

export interface S20BotDeps {
  service: CaseService;
  /** Conversation references, and the case's undelivered messages kept beside them. */
  conversations: DeliveryState;
  /** Entra object ids of the people who may decide this case's approval at this stage (for the card's refresh.userIds): the case's own, not every holder of the role. */
  approverIds(stage: ApprovalStage, state: CaseState): string[] | Promise<string[]>;
  /** The Teams channel id of the IRO service (IRO_CHANNEL_ID), whose conversation is saved as `channel:iro`. */
  iroChannelId?: string | undefined;
  /** True when an app id is configured: every caller must carry an Entra object id. */
  requireEntraIdentity?: boolean;
  /** MICROSOFT_APP_TENANT_ID: callers from any other tenant are refused. */
  tenantId?: string | undefined;
  /** The organisation's time zone (ORG_TIME_ZONE), the one the case service uses: cards and the letter show recorded times in it. */
  timeZone: string;
  /** The organisation's words for the "Your time in our care" letter draft. */
  organisation?: { name: string; directorTitle: string; caseRecordSystemName: string };
}

const DEFAULT_ORGANISATION = { name: '[your local authority]', directorTitle: "Director of Children's Services", caseRecordSystemName: 'the case-record system' };

export const HELP_TEXT = [
  'I help you follow the protocol for a child returning home from section 20 accommodation. You can type:',
  '- **new case**: start a case (you will need the case-record id, never the child’s name)',
  '- **my cases**: what is waiting for you (overdue marked), then your open cases',
  '- **team cases**: for team managers, Heads of Service and the Director, the open cases of your team or service, overdue first',
  '- **my closed cases**: your closed cases',
  '- **case REF**: open a case by its reference, for example "case MOS-1042"',
  '- **new copy REF**: a fresh copy of a request waiting for your decision, by Teams and mail (Outlook stops the buttons in a request mail after a month)',
  '- **help**: this message',
].join('\n');

export const WELCOME_TEXT = `Welcome. ${HELP_TEXT}`;

const WAITING_TEXT: Record<ApprovalStage | 'iro-view', string> = { ...APPROVAL_TITLES, 'iro-view': "IRO's view on the assessment" };

const CARD_RESPONSE_TYPE = 'application/vnd.microsoft.card.adaptive';

const caseIdSchema = z.string().min(1).max(100);
const verbData = {
  startCase: z.record(z.string(), z.unknown()),
  showCase: z.looseObject({ caseId: caseIdSchema }),
  openStep: z.looseObject({ caseId: caseIdSchema, step: z.string(), index: z.string().optional() }),
  recordStep: z.looseObject({ caseId: caseIdSchema, step: z.string(), index: z.string().optional() }),
  showApproval: z.looseObject({ caseId: caseIdSchema, approvalId: z.string().min(1) }),
  refreshApproval: z.looseObject({ caseId: caseIdSchema, approvalId: z.string().min(1) }),
  decide: z.looseObject({ caseId: caseIdSchema, approvalId: z.string().min(1), outcome: z.enum(DECISION_OUTCOMES), comment: z.string().max(2000).optional() }),
};
type Verb = keyof typeof verbData;
const isVerb = (v: string): v is Verb => Object.prototype.hasOwnProperty.call(verbData, v);

const invokeSchema = z.looseObject({ action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string(), data: z.unknown().optional() }) });

/** Buttons a card shows at most (Teams shows six actions); the rest are listed and reached by "my cases". */
const WAITING_BUTTONS = 5;

/** The decisions waiting for someone, each with a button that opens the request (or the case, for the IRO's view). */
function waitingCard(waiting: readonly WaitingDecision[]): CardJson {
  const shown = waiting.slice(0, WAITING_BUTTONS);
  const rest = waiting.length - shown.length;
  return waitingDecisionsCard({
    items: waiting.slice(0, 20).map((w) => ({ ref: w.ref, what: WAITING_TEXT[w.what], since: dateText(w.since) })),
    more: rest > 0 ? `Buttons for the oldest ${shown.length}. For the others, type "case" and the reference${waiting.length > 20 ? `; "my cases" lists all ${waiting.length}` : ''}.` : '',
    actions: shown.map((w) => ({ title: `Open ${w.ref}`, verb: w.approvalId ? 'showApproval' : 'showCase', caseId: w.caseId, approvalId: w.approvalId ?? '' })),
  });
}

function cardResponse(card: CardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_RESPONSE_TYPE, value: card };
}

/**
 * A refusal shown on the card it came from: it says first that nothing was recorded, so nobody
 * is left wondering, and names its rule once (the protocol's messages already end with it).
 */
function noticeOf(outcome: Extract<CommandOutcome, { ok: false }>): CardNotice {
  const rule = outcome.rule ?? '';
  return { shown: true, message: `Not recorded. ${outcome.message}`, rule: rule !== '' && !outcome.message.includes(rule) ? rule : '' };
}

function refusal(title: string, message: string, rule: RuleId | null = null): CardJson {
  return refusalCard({ title, message, rule: rule ?? '', ruleText: rule ? RULES[rule].text : '' });
}

/** The person acting: their Entra object id (the test adapter and Playground may omit it). */
export function actorOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { id: from.aadObjectId ?? from.id, name: from.name ?? '' };
}

/** The same answer whether the case does not exist or the person may not see it. */
const CASE_NOT_FOUND = (): CardJson => refusal('Case not found', 'There is no case with that id that you can see. Type "my cases" to see your cases.');

function emptyStartForm(): Record<StartFormField, string> {
  return Object.fromEntries(START_FORM_FIELDS.map((f) => [f, ''])) as Record<StartFormField, string>;
}

/** How long a saved conversation reference is trusted before it is saved again anyway. */
const REFERENCE_RESAVE_MS = 60 * 60_000;
const SAVED_REFERENCES_KEPT = 10_000;

export class S20Bot extends ActivityHandler {
  private readonly savedReferences = new Map<string, { json: string; at: number }>();

  constructor(private readonly deps: S20BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      const problem = this.callerProblem(context);
      if (problem) {
        await context.sendActivity(MessageFactory.text(problem));
        return;
      }
      await this.saveReference(context);
      await this.onText(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (context.activity.conversation?.conversationType === 'channel') {
        // Installed in a team: remember the IRO channel if this is it; no welcome in channels.
        await this.saveReference(context);
      } else if (added.some((m) => m.id !== context.activity.recipient.id)) {
        await this.saveReference(context);
        await context.sendActivity(await this.welcome(context));
      }
      await next();
    });
  }

  /**
   * The welcome, and what already waits for them: a manager who installs the app after being
   * asked (the request could not reach them before) learns of it at once.
   */
  private async welcome(context: TurnContext): Promise<Partial<Activity>> {
    if (this.callerProblem(context)) return MessageFactory.text(WELCOME_TEXT);
    const waiting = (await this.deps.service.waitingFor(actorOf(context))).decisions;
    if (waiting.length === 0) return MessageFactory.text(WELCOME_TEXT);
    const count = waiting.length === 1 ? '1 decision is' : `${waiting.length} decisions are`;
    const text = `${WELCOME_TEXT}\n\n${count} already waiting for you: open ${waiting.length === 1 ? 'it' : 'them'} below, or type **my cases** later.`;
    return MessageFactory.attachment(CardFactory.adaptiveCard(waitingCard(waiting)), text);
  }

  private async saveReference(context: TurnContext): Promise<void> {
    // Without the incoming message's id: a proactive notice is a new message, not a reply to it.
    const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(context.activity);
    const conversation = context.activity.conversation;
    const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? conversation?.id?.split(';')[0];
    if (this.deps.iroChannelId && conversation?.conversationType === 'channel' && channelId === this.deps.iroChannelId) {
      // The IRO channel: notices start new posts there, so keep the channel, not the thread.
      await this.remember(IRO_CHANNEL, { ...reference, conversation: { ...reference.conversation, id: this.deps.iroChannelId } });
      return;
    }
    if (conversation?.conversationType === 'channel' || conversation?.isGroup) return;
    const key = actorOf(context).id;
    // The store keeps its own entries beside people's references (`receipt:…`, `undelivered:…`,
    // `channel:…`). An Entra object id has no colon; an id that has one (possible only where
    // callers are not authenticated) is not saved, so it can never overwrite those.
    if (key.includes(':')) return;
    await this.remember(deliveryKeys.person(key), reference);
  }

  /**
   * Saves a conversation reference unless this instance saved the same one lately: a person's
   * reference rarely changes, and each save is a durable write (an fsync) on every message.
   */
  private async remember(key: DeliveryKey, reference: unknown): Promise<void> {
    const json = JSON.stringify(reference);
    const now = Date.now();
    const last = this.savedReferences.get(key);
    if (last && last.json === json && now - last.at < REFERENCE_RESAVE_MS) return;
    await this.deps.conversations.saveConversation(key, reference);
    this.savedReferences.delete(key);
    this.savedReferences.set(key, { json, at: now });
    // Bounded: forget the longest-unsaved first (a Map keeps insertion order).
    if (this.savedReferences.size > SAVED_REFERENCES_KEPT) this.savedReferences.delete(this.savedReferences.keys().next().value as string);
  }

  /** The case card, with the case's messages that did not reach someone. */
  /** The case card as this person sees it: its buttons are only the ones they may take (src/bot/viewer-actions.ts). */
  private async caseCardFor(viewer: Person, state: CaseState, notice: CardNotice = NO_NOTICE, done = ''): Promise<CardJson> {
    // Two reads of the delivery state, at once.
    const [undelivered, links] = await Promise.all([undeliveredMessages(this.deps.conversations, state.caseId), documentLinks(this.deps.conversations, state.caseId)]);
    const documents = caseDocumentsData(state, { links, organisation: this.deps.organisation ?? DEFAULT_ORGANISATION, timeZone: this.deps.timeZone });
    const mayTake = await this.deps.service.mayTakeOn(viewer, state);
    const mayHandOver = await this.deps.service.mayHandOverCase(viewer, state);
    const asker = viewer.id === state.socialWorker.id;
    const keep = (action: CaseCardData['actions'][number]): boolean => viewerMayUse(action, state, mayTake, asker) && (action.step !== HANDOVER_STEP || mayHandOver);
    const data = caseCardData(state, { ...this.view(), undelivered, documents, keep }, notice, done);
    return caseCard({ ...data, people: this.deps.service.peopleFacts(state) });
  }

  private listContext(): ListContext {
    return { today: this.deps.service.now().today, policy: this.deps.service.policy };
  }

  private view(): ViewContext {
    return { today: this.deps.service.now().today, policy: this.deps.service.policy, timeZone: this.deps.timeZone };
  }

  private async onText(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    const lower = text.toLowerCase();
    if (/^(new|start|open)( a)?( new)? case$|^new$|^start$/.test(lower)) {
      await this.sendCard(context, startCaseForm({ notice: { shown: false, message: '' }, values: emptyStartForm(), errors: emptyStartForm(), iroChoices: this.deps.service.iroChoices() }));
      return;
    }
    if (/^(my )?cases$|^list( cases)?$/.test(lower)) {
      const actor = actorOf(context);
      const [waitingForYou, mine, needing] = await Promise.all([this.deps.service.waitingFor(actor), this.deps.service.myOpenCases(actor), this.deps.service.casesNeedingPeople(actor)]);
      const waiting = waitingForYou.decisions;
      const needingPeople = needingPeopleText(needing);
      const text = myCasesText({ decisions: waiting, steps: mine.steps, open: mine.open, directoryUnavailable: waitingForYou.directoryUnavailable, ...(needingPeople ? { needingPeople } : {}) }, this.listContext());
      // With what waits, a card with a button for each, to open it in one tap on a phone.
      await context.sendActivity(waiting.length === 0 ? MessageFactory.text(text) : MessageFactory.attachment(CardFactory.adaptiveCard(waitingCard(waiting)), text));
      return;
    }
    const copyMatch = NEW_COPY_COMMAND.exec(text);
    if (copyMatch) {
      await context.sendActivity(MessageFactory.text(await newCopyAnswer(this.deps.service, actorOf(context), copyMatch[1]!, context.activity.id ?? `new-copy:${Date.now()}`)));
      return;
    }
    if (/^(my )?(team|service)( s)? cases$|^team$/.test(lower)) {
      const found = await this.deps.service.teamCases(actorOf(context));
      const text = found.ok ? teamCasesText(found.scope, found.lines) : found.code === 'DIRECTORY_UNAVAILABLE' ? 'Your role could not be checked just now (the directory did not answer). Please type "team cases" again in a minute.' : NOT_A_MANAGER_TEXT;
      await context.sendActivity(MessageFactory.text(text));
      return;
    }
    if (/^(my )?closed( cases)?$/.test(lower)) {
      await context.sendActivity(MessageFactory.text(closedCasesText(await this.deps.service.myClosedCases(actorOf(context)))));
      return;
    }
    const caseMatch = /^case\s+(\S+)$/i.exec(text);
    if (caseMatch) {
      const ref = caseMatch[1]!;
      // One lookup, need-to-know checked. An unknown case and one this person may not see get the same answer: no existence leak.
      const stored = await this.deps.service.viewByRef(actorOf(context), ref, 'ShowCase', context.activity.id);
      if (!stored) {
        await context.sendActivity(MessageFactory.text(`There is no case with reference ${ref.slice(0, 40)} that you can see. Type "my cases" to see your cases.`));
        return;
      }
      await this.sendCard(context, await this.caseCardFor(actorOf(context), stored.state));
      return;
    }
    await context.sendActivity(MessageFactory.text(HELP_TEXT));
  }

  private async sendCard(context: TurnContext, card: CardJson): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /**
   * Who may talk to the bot at all: when an app id is configured (a real tenant), the caller must
   * carry an Entra object id — a client-chosen `from.id` is never taken for one — and, when a
   * tenant is configured, come from that tenant. Locally (no app id) the Playground and the
   * test adapter may identify users by `from.id`.
   */
  private callerProblem(context: TurnContext): string | undefined {
    const activity = context.activity;
    if (this.deps.requireEntraIdentity && !activity.from?.aadObjectId) {
      return 'Your Microsoft 365 account could not be identified, so nothing was done. Please use the app in Teams or Outlook with your work account.';
    }
    const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    // Tenant ids are GUIDs: compared in any case (L10). The HTTP edge has refused other tenants already.
    if (this.deps.tenantId && tenant?.toLowerCase() !== this.deps.tenantId.toLowerCase()) {
      return 'This app serves one organisation only, and your account belongs to another, so nothing was done.';
    }
    return undefined;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (isFromOutlook(context)) return cardResponse(this.outlookAnswer());
    const problem = this.callerProblem(context);
    if (problem) return cardResponse(refusal('Not done', problem));
    const envelope = invokeSchema.safeParse(invokeValue);
    if (!envelope.success || !isVerb(envelope.data.action.verb)) {
      return cardResponse(refusal('That action is not known', 'This card is out of date or was not made by this app. Type "help" to see what you can do.'));
    }
    const verb = envelope.data.action.verb;
    const data = verbData[verb].safeParse(envelope.data.action.data ?? {});
    if (!data.success) {
      return cardResponse(refusal('That action could not be read', 'The card sent incomplete data. Type "case" and the reference to open the case again.'));
    }
    // Scoped to the person, the case, the verb and the activity (L2): a client's activity id is not
    // unique across people or cases, so reusing one can never answer a click with another's outcome.
    const action = envelope.data.action.data as Record<string, unknown> | undefined;
    const key = createHash('sha256').update(JSON.stringify([actorOf(context).id, String(action?.['caseId'] ?? ''), verb, context.activity.id ?? action])).digest('hex');
    try {
      const card = await this.route(context, verb, data.data as Record<string, unknown>, key);
      // A request opened on a message is one more copy to edit once it is decided. A refresh is
      // one person's view of the message, not a change of it, so it is left out.
      if (verb !== 'refreshApproval') await noteShownCard(this.deps.conversations, context, card);
      return cardResponse(card);
    } catch (error) {
      // A full disk is not a bug to apologise for: say plainly that nothing was recorded (L8).
      if (isStoreFull(error)) return cardResponse(refusal(STORE_FULL_TITLE, STORE_FULL_MESSAGE));
      throw error;
    }
  }

  /**
   * An action from Outlook (src/bot/outlook-invoke.ts): nothing is recorded, and since who clicked
   * is not yet known for sure, nothing of the case is shown either: a card that sends them to Teams.
   */
  private outlookAnswer(): CardJson {
    return refusal('Please decide in Teams', OUTLOOK_NOT_YET);
  }

  private async route(context: TurnContext, verb: Verb, data: Record<string, unknown>, key: string): Promise<CardJson> {
    const actor = actorOf(context);
    if (verb === 'startCase') return this.startCase(actor, data, key);
    const unseen = { action: verb, correlationId: context.activity.id };
    // A decision is one call to the service and one read of the case, need-to-know checked on it.
    if (verb === 'decide') return this.decide(actor, String(data['caseId']), data, key, unseen);
    // Kept and logged (M7), in that case's refusal log or the store's; the answer is the same.
    const stored = await this.deps.service.view(actor, String(data['caseId']), verb, context.activity.id);
    if (!stored) return CASE_NOT_FOUND();
    const state = stored.state;
    switch (verb) {
      case 'showCase':
        return this.caseCardFor(actor, state);
      case 'openStep': {
        const step = String(data['step']);
        if (step === HANDOVER_STEP) return handoverForm(state, this.deps.service.handoverChoices(state));
        if (!isStepId(step)) return this.caseCardFor(actor, state, { shown: true, message: 'That step is not known. Choose one of the actions below.', rule: '' });
        return this.stepForm(state, step, String(data['index'] ?? ''), this.opening(state, step));
      }
      case 'recordStep':
        if (data['step'] === HANDOVER_STEP) return (await handOver(this.deps.service, (s, notice, done) => this.caseCardFor(actor, s, notice, done), actor, stored, data, key, unseen)) ?? CASE_NOT_FOUND();
        return this.recordStep(actor, stored, data, key, unseen);
      case 'showApproval': {
        // "Read in full": the same card with one answer not shortened.
        const full = typeof data['full'] === 'string' && Object.hasOwn(APPROVAL_ANSWERS, data['full']) ? (data['full'] as ApprovalAnswer) : undefined;
        const approvalId = String(data['approvalId']);
        const card = await this.approvalCard(state, approvalId, NO_NOTICE, full);
        // Someone who cannot decide it reads it without the buttons (they would only refuse them).
        const pending = state.approvals.find((a) => a.approvalId === approvalId && !a.decision && !a.cancelledAt);
        if (pending && !(await this.deps.service.mayTakeOn(actor, state))({ type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null })) return readOnlyRequest(card, state.caseId, pending.stage);
        return card;
      }
      case 'refreshApproval': {
        // A refresh from someone who cannot decide shows the status: the buttons are for approvers.
        const approvalId = String(data['approvalId']);
        const approval = state.approvals.find((a) => a.approvalId === approvalId);
        if (approval && !(await this.deps.service.mayTakeOn(actor, state))({ type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null })) {
          return decisionStatusCard(decisionStatusData(state, approvalId, this.view())!);
        }
        return this.approvalCard(state, approvalId, NO_NOTICE);
      }
    }
  }

  /** What a step's form opens with: the letter's draft and today's date, or the step's own prefill. */
  private opening(state: CaseState, step: StepId): Record<string, string> {
    if (step === 'letter') {
      const org = this.deps.organisation ?? DEFAULT_ORGANISATION;
      // The IRO's words, where they wrote them on the case (R-LETTER-1), are filled in to edit.
      const iroWords = state.letterContributions?.iro?.text;
      return { letter: draftLetter(state, { organisationName: org.name, directorTitle: org.directorTitle, timeZone: this.deps.timeZone }), writtenOn: this.deps.service.now().today, ...(iroWords ? { iroWords } : {}) };
    }
    const spec: StepSpec = stepFor(step, state);
    return spec.prefill?.(state) ?? {};
  }

  private stepForm(state: CaseState, step: StepId, index: string, values: Record<string, string> = {}, errors: Record<string, string> = {}, notice: CardNotice = NO_NOTICE): CardJson {
    const spec = stepFor(step, state);
    if (step === 'letter') {
      // The finished letter is kept for the case file (R-LETTER-1), with what others wrote for it.
      return letterFormCard({
        caseId: state.caseId,
        ref: state.ref,
        rule: spec.rule ?? '',
        ruleText: ruleText(spec.rule),
        notice,
        recordSystem: (this.deps.organisation ?? DEFAULT_ORGANISATION).caseRecordSystemName,
        letter: values['letter'] ?? '',
        letterError: errors['letter'] ?? '',
        writtenOn: values['writtenOn'] ?? '',
        writtenOnError: errors['writtenOn'] ?? '',
        iroWords: values['iroWords'] ?? '',
        carerName: values['carerName'] ?? '',
        carerEmail: values['carerEmail'] ?? '',
        carerWords: values['carerWords'] ?? '',
        parentsWords: values['parentsWords'] ?? '',
        contributionsError: ['iroWords', 'carerName', 'carerEmail', 'carerWords', 'parentsWords'].map((id) => errors[id]).filter(Boolean).join(' '),
      });
    }
    return stepFormCard({
      caseId: state.caseId,
      ref: state.ref,
      step,
      index,
      title: spec.title,
      rule: spec.rule ?? '',
      ruleText: ruleText(spec.rule),
      submitTitle: spec.submitTitle,
      notice,
      intro: stepIntro(state, step),
      fields: stepFields(step, values, errors, spec),
    });
  }

  private async recordStep(actor: Person, stored: StoredCase<CaseState>, data: Record<string, unknown>, key: string, unseen: ActCommand['unseen']): Promise<CardJson> {
    const state = stored.state;
    const step = String(data['step']);
    if (!isStepId(step)) return this.caseCardFor(actor, state, { shown: true, message: 'That step is not known. Choose one of the actions below.', rule: '' });
    const indexText = String(data['index'] ?? '');
    const index = /^\d{1,2}$/.test(indexText) ? Number(indexText) : 0;
    const spec = stepFor(step, state);
    const { values, errors } = checkStepValues(step, data, spec);
    if (Object.keys(errors).length > 0) {
      return this.stepForm(state, step, indexText, values, errors, { shown: true, message: 'Please correct the fields marked below. Nothing was saved.', rule: '' });
    }
    // The case as read for the form is the basis of the command: no second read.
    const done = await this.deps.service.act({ idempotencyKey: key, caseId: state.caseId, actor, event: spec.toEvent(values, index), unseen, basis: stored });
    if (!done.seen) return CASE_NOT_FOUND();
    const { outcome, state: current } = done;
    if (!outcome.ok) return this.stepForm(current, step, indexText, values, {}, noticeOf(outcome));
    return this.caseCardFor(actor, current, NO_NOTICE, outcome.action);
  }

  private async approvalCard(state: CaseState, approvalId: string, notice: CardNotice, full?: ApprovalAnswer): Promise<CardJson> {
    const approval = state.approvals.find((a) => a.approvalId === approvalId);
    if (!approval) return caseCard(caseCardData(state, this.view(), { shown: true, message: 'That approval request does not belong to this case.', rule: '' }));
    // A decided or withdrawn request shows who decided what and when, instead of the buttons.
    if (approval.decision || approval.cancelledAt) return decisionStatusCard(decisionStatusData(state, approvalId, this.view(), notice)!);
    // refresh.userIds: the approvers' Teams user ids (29:…), as far as the bot knows them.
    const refreshIds = await teamsUserIds(this.deps.conversations, await this.deps.approverIds(approval.stage, state));
    return approvalRequestCard(approvalRequestData(state, approvalId, refreshIds, this.view(), notice, full)!);
  }

  private async decide(actor: Person, caseId: string, data: Record<string, unknown>, key: string, unseen: ActCommand['unseen']): Promise<CardJson> {
    const approvalId = String(data['approvalId']);
    const comment = typeof data['comment'] === 'string' && data['comment'].trim() !== '' ? data['comment'].trim() : null;
    const done = await this.deps.service.act({
      idempotencyKey: key,
      caseId,
      actor,
      event: { type: 'DecisionGiven', approvalId, outcome: data['outcome'] as (typeof DECISION_OUTCOMES)[number], comment },
      unseen,
    });
    if (!done.seen) return CASE_NOT_FOUND();
    const { outcome, state: current } = done;
    if (outcome.ok) return decisionStatusCard(decisionStatusData(current, approvalId, this.view())!);
    return this.approvalCard(current, approvalId, noticeOf(outcome));
  }

  private async startCase(actor: Person, data: Record<string, unknown>, key: string): Promise<CardJson> {
    const values = emptyStartForm();
    const errors = emptyStartForm();
    for (const field of START_FORM_FIELDS) {
      const raw = data[field];
      values[field] = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    }
    const required: [StartFormField, string][] = [
      ['ref', 'Case reference'],
      ['legalStatus', 'Legal status'],
      ['pathway', 'Pathway'],
      ['dateOfBirth', "Child's date of birth"],
      ['accommodatedOn', 'Date accommodated'],
    ];
    for (const [field, label] of required) if (values[field] === '') errors[field] = `${label} is required.`;
    if (values.legalStatus !== '' && !['S20', 'ICO', 'CO'].includes(values.legalStatus)) errors.legalStatus = 'Choose one of the legal statuses shown.';
    if (values.pathway !== '' && !['planned', 'unplanned'].includes(values.pathway)) errors.pathway = 'Choose planned or unplanned.';
    if (values.trigger !== '' && !(UNPLANNED_TRIGGERS as readonly string[]).includes(values.trigger)) errors.trigger = 'Choose one of the reasons shown.';
    if (values.pathway === 'unplanned' && values.trigger === '' && values.legalStatus === 'S20') errors.trigger = 'Say what started the unplanned return (R-SCOPE-3).';
    const dates: StartFormField[] = ['dateOfBirth', 'accommodatedOn', 'previousEpisodeEndedOn', 'lastAssessmentCompletedOn', 'returnedHomeOn'];
    for (const field of dates) if (values[field] !== '' && errors[field] === '' && !isCalendarDate(values[field])) errors[field] = 'This must be a real date.';
    const facts = {
      legalStatus: values.legalStatus,
      dateOfBirth: values.dateOfBirth,
      accommodatedOn: values.accommodatedOn,
      previousEpisodeEndedOn: values.previousEpisodeEndedOn || null,
      lastAssessmentCompletedOn: values.lastAssessmentCompletedOn || null,
      pathway: values.pathway,
      returnedHomeOn: values.returnedHomeOn || null,
    };
    if (Object.values(errors).every((e) => e === '')) {
      // The cross-field checks of the facts, shown beside the field they are about.
      const checked = parseFacts({ ...facts, asOf: this.deps.service.now().today });
      if (!checked.ok) {
        for (const problem of checked.problems) {
          const field = (START_FORM_FIELDS as readonly string[]).includes(problem.field) ? (problem.field as StartFormField) : 'accommodatedOn';
          errors[field] = problem.field === 'accommodatedOn' && problem.message.includes('asOf') ? 'The date accommodated cannot be in the future.' : datesAsText(problem.message.replace(/asOf/g, 'today'));
        }
        // The date of birth's problems in the form's words, without repeating the date (L10).
        if (!checked.ok && errors.dateOfBirth !== '') errors.dateOfBirth = dateOfBirthProblem(values.dateOfBirth, values.accommodatedOn) ?? errors.dateOfBirth;
      } else {
        const implausible = dateOfBirthProblem(values.dateOfBirth, values.accommodatedOn);
        if (implausible) errors.dateOfBirth = implausible;
        const ahead = lastAssessmentProblem(values.lastAssessmentCompletedOn || null, this.deps.service.now().today);
        if (ahead) errors.lastAssessmentCompletedOn = ahead;
      }
    }
    const form = (message: string) => startCaseForm({ notice: { shown: true, message }, values, errors, iroChoices: this.deps.service.iroChoices() });
    if (Object.values(errors).some((e) => e !== '')) return form('Please correct the fields marked below. Nothing was saved.');
    const outcome = await this.deps.service.openCase({
      idempotencyKey: key,
      actor,
      ref: values.ref,
      facts,
      trigger: values.pathway === 'unplanned' ? (values.trigger as UnplannedTrigger) : null,
      // Checked against the organisation's IROs by the case service; "" is "not known yet".
      iro: values.iro === '' || values.iro === NOT_KNOWN_IRO ? null : { id: values.iro, name: '' },
    });
    if (outcome.ok) {
      const stored = await this.deps.service.get(outcome.caseId);
      if (!stored) return refusal('Case not found', 'The case was saved but could not be read back. Type "my cases" to find it.');
      return this.caseCardFor(actor, stored.state, NO_NOTICE, outcome.action);
    }
    if (outcome.code === 'OUT_OF_SCOPE') return refusal('This case cannot be started here', outcome.message, 'R-SCOPE-2');
    if (outcome.code === 'UNKNOWN_IRO') {
      errors.iro = outcome.message;
      return form('Please correct the fields marked below. Nothing was saved.');
    }
    if (outcome.code === 'NO_TEAM') return refusal('You cannot start a case', outcome.message, outcome.rule);
    if (outcome.code === 'INVALID_REF' || outcome.code === 'DUPLICATE_REF') {
      errors.ref = outcome.message;
      return form('Please correct the fields marked below. Nothing was saved.');
    }
    if (outcome.code === 'INVALID_FACTS') return form(datesAsText(outcome.message));
    // An option that cannot apply to the child's age, refused beside it with its rule.
    if (outcome.rule === 'R-UNPL-1') {
      errors.trigger = outcome.message;
      return form('Please correct the fields marked below. Nothing was saved.');
    }
    if (outcome.code === 'NOT_YOUR_ROLE' || outcome.code === 'DEPUTY_OUT_OF_DATES') return refusal('You cannot start a case', outcome.message, outcome.rule);
    return form(outcome.rule ? `${outcome.message}` : outcome.message);
  }
}

export function createS20Bot(deps: S20BotDeps): S20Bot {
  return new S20Bot(deps);
}
