/**
 * `npm run package`: builds the Teams app package, appPackage/build/appPackage.zip, from appPackage/.
 * Fills the manifest's ${{...}} placeholders (BOT_ID from the environment or .env) and writes the bot's
 * command menu from src/teams/commands.ts, so the menu always matches the help card.
 */
import { config as loadDotenv } from 'dotenv';
import JSZip from 'jszip';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableCommands, type Command, type CommandScope } from '../src/teams/commands.js';

export const appPackageDir = fileURLToPath(new URL('../appPackage/', import.meta.url));
export const defaultZipPath = join(appPackageDir, 'build', 'appPackage.zip');
/** The Teams app's own id; a council may set TEAMS_APP_ID to publish its own copy. */
export const defaultTeamsAppId = '5f0830e8-b179-4452-b48b-2479c8ca87f0';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const placeholderPattern = /\$\{\{([A-Z_]+)\}\}/g;
/** Teams shows at most 10 commands per command list. */
const maxCommandsPerList = 10;

export interface PackageSettings {
  botId: string;
  teamsAppId: string;
  version: string;
  /** The bot's public host name, added to validDomains when given. */
  botDomain?: string;
}

export interface CommandList {
  scopes: CommandScope[];
  commands: Array<{ title: string; description: string }>;
}

export class PackageError extends Error {}

/** Reads the settings from the environment (after .env), refusing clearly when BOT_ID is unusable. */
export function packageSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): PackageSettings {
  const botId = env.BOT_ID?.trim() ?? '';
  if (!botId) {
    throw new PackageError('BOT_ID is not set. Put the Azure Bot registration\'s Microsoft App ID in .env or the environment, then run npm run package again.');
  }
  if (!guidPattern.test(botId)) throw new PackageError(`BOT_ID must be a GUID such as 00000000-0000-0000-0000-000000000000; got "${botId}".`);
  const teamsAppId = env.TEAMS_APP_ID?.trim() || defaultTeamsAppId;
  if (!guidPattern.test(teamsAppId)) throw new PackageError(`TEAMS_APP_ID must be a GUID; got "${teamsAppId}".`);
  const botDomain = env.BOT_DOMAIN?.trim() || undefined;
  if (botDomain && !/^[a-z0-9.-]+$/i.test(botDomain)) throw new PackageError(`BOT_DOMAIN must be a host name such as asb-bot.example.gov.uk; got "${botDomain}".`);
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return { botId, teamsAppId, version: packageJson.version, botDomain };
}

/** One command list per distinct set of commands: scopes that offer the same commands share a list. */
export function commandListsFor(commands: readonly Command[]): CommandList[] {
  const scopes: CommandScope[] = ['personal', 'team', 'groupChat'];
  const lists: CommandList[] = [];
  for (const scope of scopes) {
    const inScope = commands
      .filter((command) => command.scopes.includes(scope))
      .slice(0, maxCommandsPerList)
      .map((command) => ({ title: command.name, description: command.description }));
    if (inScope.length === 0) continue;
    const same = lists.find((list) => JSON.stringify(list.commands) === JSON.stringify(inScope));
    if (same) same.scopes.push(scope);
    else lists.push({ scopes: [scope], commands: inScope });
  }
  return lists;
}

/** The manifest template with its placeholders filled and the command menu taken from commands.ts. */
export function buildManifest(settings: PackageSettings, commands: readonly Command[] = availableCommands()): Record<string, unknown> {
  const values: Record<string, string> = {
    BOT_ID: settings.botId,
    TEAMS_APP_ID: settings.teamsAppId,
    APP_VERSION: settings.version,
  };
  const template = readFileSync(join(appPackageDir, 'manifest.json'), 'utf8');
  const filled = template.replace(placeholderPattern, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError(`appPackage/manifest.json uses ${placeholder}, which the package script does not know.`);
    return value;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown> & {
    bots: Array<Record<string, unknown>>;
    validDomains?: string[];
  };
  manifest.bots[0].commandLists = commandListsFor(commands);
  if (settings.botDomain && !manifest.validDomains?.includes(settings.botDomain)) {
    manifest.validDomains = [...(manifest.validDomains ?? []), settings.botDomain];
  }
  return manifest;
}

/** The zip Teams accepts: manifest.json and both icons at the root. */
export async function buildAppPackage(settings: PackageSettings): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(buildManifest(settings), null, 2)}\n`);
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, readFileSync(join(appPackageDir, icon)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function writeAppPackage(settings: PackageSettings, zipPath = defaultZipPath): Promise<string> {
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, await buildAppPackage(settings));
  return zipPath;
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  try {
    const zipPath = await writeAppPackage(packageSettingsFromEnv());
    console.log(`Wrote ${relative(process.cwd(), zipPath)}. Upload it in Teams: Apps > Manage your apps > Upload an app.`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`Cannot build the app package: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
