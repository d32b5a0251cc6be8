/**
 * The baseline for `npm run bench`: a bare botbuilder bot on the same stack as ours — restify 12,
 * botbuilder's CloudAdapter with the same authentication set-up (no app id: anonymous), the same
 * body parser — that echoes a message and answers an `adaptiveCard/action` with a small static
 * card. No store, no case service, no templates: what is left is the cost of the framework.
 *
 *   PORT=3979 node --import tsx bench/bare-bot.ts     (prints "listening <url>" when ready)
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
} from 'botbuilder';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`You said: ${context.activity.text ?? ''}`));
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'Done.', wrap: true }] },
    };
  }
}

async function main(): Promise<void> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context) => {
    await context.sendActivity('Sorry, something went wrong.');
  };
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'bare-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
  const stop = (): void => {
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
