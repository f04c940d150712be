/**
 * `npm run playground`: starts the bot with no BOT_ID (local, unauthenticated mode) and the Microsoft 365
 * Agents Playground pointed at it, so anyone can chat with the bot in a browser without an Azure account.
 * Ctrl-C stops both. The Playground's mock users, chats and team come from scripts/playground.yml.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const playgroundConfigPath = fileURLToPath(new URL('./playground.yml', import.meta.url));

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything the process wrote, for error messages; never logged by us otherwise. */
  output(): string;
  /** Sends the signal and waits for exit, killing it outright after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

function track(name: string, child: ChildProcess, echo: boolean): RunningProcess {
  let output = '';
  const collect = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    if (echo) stream.write(chunk);
  };
  child.stdout?.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
  child.stderr?.on('data', (chunk: Buffer) => collect(chunk, process.stderr));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    name,
    child,
    exited,
    output: () => output,
    stop: async (signal = 'SIGINT', graceMs = 12_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface BotOptions {
  port: number;
  /** Where the embedded database keeps its files; defaults to DATA_DIR from the environment or ./data. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Pass the bot's own output through to this terminal. */
  echo?: boolean;
}

/** The bot exactly as `npm start` runs it, but in local mode: BOT_ID and ALLOWED_TENANTS are forced empty. */
export function startBot(options: BotOptions): RunningProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(options.port), BOT_ID: '', ALLOWED_TENANTS: '', ...options.env };
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches it once, through us, so its graceful shutdown is not cut short.
    detached: true,
  });
  return track('bot', child, options.echo ?? false);
}

export interface PlaygroundOptions {
  botEndpoint: string;
  port: number;
  /** The Playground writes devTools/m365agentsplayground.log under this directory. */
  cwd?: string;
  configPath?: string;
  echo?: boolean;
}

export function startPlayground(options: PlaygroundOptions): RunningProcess {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = [cli, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? playgroundConfigPath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return track('playground', child, options.echo ?? false);
}

/** Polls `url` until it answers 200; fails early if the process behind it exits. */
export async function waitForOk(url: string, owner: RunningProcess, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void owner.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${owner.name} exited (code ${exitCode}) before ${url} answered.`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms.`);
}

async function main(): Promise<void> {
  const botPort = 3978;
  const playgroundPort = 56150;
  const bot = startBot({ port: botPort, echo: true });
  let playground: RunningProcess | undefined;
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([playground?.stop('SIGTERM', 5_000), bot.stop('SIGINT')]);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  void bot.exited.then((code) => {
    if (stopping) return;
    console.error(`The bot stopped (exit code ${code}); stopping the Playground.`);
    void stopAll(1);
  });

  try {
    await waitForOk(`http://127.0.0.1:${botPort}/readyz`, bot, 60_000);
    playground = startPlayground({ botEndpoint: `http://127.0.0.1:${botPort}/api/messages`, port: playgroundPort });
    void playground.exited.then((code) => {
      if (stopping) return;
      console.error(`The Playground stopped (exit code ${code}). See devTools/m365agentsplayground.log; stopping the bot.`);
      void stopAll(1);
    });
    // If the port is taken the Playground picks another and says so.
    await waitForOk(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`, playground, 30_000).catch(async (error: unknown) => {
      const moved = /Listening on (\d+)/.exec(playground?.output() ?? '');
      if (!moved || Number(moved[1]) === playgroundPort || !playground) throw error;
      await waitForOk(`http://127.0.0.1:${moved[1]}/_internal/v1/config`, playground, 10_000);
    });
    const port = /Listening on (\d+)/.exec(playground.output())?.[1] ?? String(playgroundPort);
    console.log(
      [
        '',
        `Agents Playground is ready: open http://localhost:${port} in a browser.`,
        'Chat with the bot in the personal chat; in the group chat and channels, @mention it first.',
        'Press Ctrl-C to stop the Playground and the bot.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`Could not start the Playground: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
