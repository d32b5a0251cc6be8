/**
 * One real bot over HTTP and a local Bot Connector for a describe block: started before its tests,
 * stopped after them. Call it inside `describe`.
 */
import { BotUnderTest, startBot } from '../../../support/bot-over-http/bot-under-test';
import { ConnectorCapture } from '../../../support/bot-over-http/connector-capture';

export interface BotOverHttp {
  readonly bot: BotUnderTest;
  readonly connector: ConnectorCapture;
}

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
