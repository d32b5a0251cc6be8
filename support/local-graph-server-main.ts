/**
 * Starts the local Graph server from the command line for `npm start` against no cloud and for
 * benchmarks: `tsx support/local-graph-server-main.ts [--port 4010] [--require-auth] [--page-size 200]
 * [--ru-per-minute 1200]`. Prints the base URL (give it to GRAPH_BASE_URL) and runs until interrupted.
 */
import { LocalGraphServer, LocalGraphServerOptions } from './local-graph-server';

function parseArguments(argv: readonly string[]): LocalGraphServerOptions {
  const options: LocalGraphServerOptions = {};
  const numberAfter = (flag: string, index: number): number => {
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number, for example ${flag} 4010.`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--port') options.port = numberAfter(flag, i++);
    else if (flag === '--page-size') options.pageSize = numberAfter(flag, i++);
    else if (flag === '--ru-per-minute') options.resourceUnitsPerMinute = numberAfter(flag, i++);
    else if (flag === '--require-auth') options.requireAuth = true;
    else throw new Error(`Unknown option '${flag}'. Options: --port N, --page-size N, --ru-per-minute N, --require-auth.`);
  }
  if (options.port === undefined && process.env.LOCAL_GRAPH_PORT) options.port = Number(process.env.LOCAL_GRAPH_PORT);
  return options;
}

async function main(): Promise<void> {
  let options: LocalGraphServerOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const server = await LocalGraphServer.start(options);
  console.log(server.url);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
