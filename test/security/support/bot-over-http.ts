/**
 * A real bot over HTTP and a local Bot Connector for a describe block. Call these inside `describe`.
 */
import { BotOptions, BotUnderTest, startBot } from '../../../support/bot-over-http/bot-under-test';
import { ConnectorCapture } from '../../../support/bot-over-http/connector-capture';

export interface BotOverHttp {
  readonly bot: BotUnderTest;
  readonly connector: ConnectorCapture;
}

/** One bot for the whole block: started before its tests, stopped after them. */
export function botOverHttp(): BotOverHttp {
  const connector = new ConnectorCapture();
  let bot: BotUnderTest | undefined;
  before(async () => {
    await connector.start();
    bot = await startBot();
  });
  after(async () => {
    await bot?.close();
    await connector.stop();
  });
  return {
    connector,
    get bot(): BotUnderTest {
      if (!bot) throw new Error('The bot starts in the before hook: use it inside a test.');
      return bot;
    },
  };
}

export interface BotEachTest {
  readonly connector: ConnectorCapture;
  /** Starts this test's bot with its own options; it is closed after the test (closing it sooner is allowed). */
  start(options?: BotOptions): Promise<BotUnderTest>;
  /** The bot this test started. */
  readonly bot: BotUnderTest;
}

/** The connector for the whole block; a bot each test starts as it needs, closed (and the connector's record cleared) after it. */
export function botEachTest(): BotEachTest {
  const connector = new ConnectorCapture();
  let bot: BotUnderTest | undefined;
  before(() => connector.start());
  after(() => connector.stop());
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    connector.reset();
  });
  return {
    connector,
    async start(options) {
      const started = await startBot(options);
      let closing: Promise<void> | undefined;
      bot = { ...started, close: (keepFiles) => (closing ??= started.close(keepFiles)) };
      return bot;
    },
    get bot(): BotUnderTest {
      if (!bot) throw new Error('No bot yet: start one in the test.');
      return bot;
    },
  };
}
