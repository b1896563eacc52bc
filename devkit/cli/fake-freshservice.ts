/**
 * `npm run fake-freshservice -- --port N --plan starter [--api-key K] [--seed S]`: the fake
 * Freshservice alone. Its first line is the base URL, then one line per seeded key
 * (`key admin …`, `key agent …`, `key restricted …`); it serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startFakeFreshservice } from '../fake-freshservice/index.ts';
import { isPlan, PLANS } from '../fake-freshservice/limits.ts';

const USAGE = 'usage: fake-freshservice [--port N (0 = any free port)] [--plan starter|growth|pro|enterprise] [--api-key KEY] [--seed S]';

interface CliOptions {
  port: number;
  plan: (typeof PLANS)[number];
  seed: number;
  apiKey?: string;
}

function fail(message: string): never {
  console.error(`fake-freshservice: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(raw: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(`${flag} expects an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function readOptions(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { port: { type: 'string' }, plan: { type: 'string' }, 'api-key': { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const plan = values.plan ?? 'starter';
  if (!isPlan(plan)) fail(`--plan expects one of ${PLANS.join(', ')}, got "${plan}"`);
  const options: CliOptions = {
    plan,
    port: values.port === undefined ? 0 : integer(values.port, '--port', 0, 65_535),
    seed: values.seed === undefined ? 1 : integer(values.seed, '--seed', 0, 2 ** 31 - 1),
  };
  const apiKey = values['api-key'];
  if (apiKey !== undefined) {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(apiKey)) fail('--api-key expects printable ASCII without spaces or ":"');
    options.apiKey = apiKey;
  }
  return options;
}

const options = readOptions(process.argv.slice(2));
let fake;
try {
  fake = await startFakeFreshservice({ port: options.port, plan: options.plan, seed: options.seed, ...(options.apiKey ? { adminApiKey: options.apiKey } : {}) });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(`fake-freshservice: could not start: ${code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message}`);
  process.exit(1);
}
console.log(fake.url);
console.log(`key admin ${fake.keys.admin}`);
console.log(`key agent ${fake.keys.agent}`);
console.log(`key restricted ${fake.keys.restricted}`);
console.error(`fake-freshservice: ${options.plan} plan, seed ${options.seed}; Ctrl+C to stop`);

const running = fake;
let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.error(`fake-freshservice: ${signal}, stopping`);
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
