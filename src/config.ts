/**
 * Every setting, read once from the environment (and `.env` when present), validated and typed.
 * Bad configuration is reported as one message listing every problem.
 */
import { z } from 'zod';
import { isLocalDate } from './domain/calendar/localDate.js';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item.length > 0),
  );

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: optionalText,
    BOT_ID: optionalText,
    BOT_PASSWORD: optionalText,
    BOT_TENANT_ID: optionalText,
    BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MONGODB_URI: optionalText.refine((uri) => uri === undefined || /^mongodb(\+srv)?:\/\//.test(uri), {
      message: 'must start with mongodb:// or mongodb+srv://',
    }),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    ALLOWED_TENANTS: commaList,
    MANAGER_IDS: commaList,
    ADMIN_IDS: commaList,
    TIMEZONE: z
      .string()
      .default('Europe/London')
      .refine((zone) => isKnownTimeZone(zone), { message: 'is not an IANA time zone such as Europe/London' }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LINK_SIGNING_SECRET: optionalText.refine((secret) => secret === undefined || Buffer.byteLength(secret) >= 32, { message: 'must be at least 32 characters' }),
    BOT_OPENID_METADATA_URL: optionalText.refine((url) => url === undefined || /^https?:\/\/[^/]+/.test(url), { message: 'must be an http(s) URL' }),
    PUBLIC_URL: optionalText.refine((url) => url === undefined || /^https?:\/\/[^/]+/.test(url), { message: 'must be an http(s) URL such as https://asb-bot.example.gov.uk' }),
    // Crime and Policing Act 2026: see defaultPowersSettings in src/domain/interventions/interventionTypes.ts.
    ACT_2026_COMMENCED_ON: z.string().trim().refine(isLocalDate, 'must be a date like 2026-06-29').default('2026-06-29'),
    FIXED_PENALTY_POUNDS: z.coerce.number().int().min(1).max(10_000).default(500),
    LETTER_TEMPLATES_DIR: optionalText,
    LETTER_TEAM_NAME: z.string().trim().min(1).default('Anti-social Behaviour Team'),
    LETTER_CONTACT: z.string().trim().min(1).default('contact the ASB team'),
    MY_DEADLINES_DAYS: z.coerce.number().int().min(1).max(92).default(14),
  });

type RawEnv = Record<string, string | undefined>;
const given = (env: RawEnv, name: string) => (env[name] ?? '').trim() !== '';

/** Rules across settings, checked on the raw values so they are reported alongside any format problems. */
function crossFieldProblems(env: RawEnv): string[] {
  const problems: string[] = [];
  const botType = env.BOT_TYPE?.trim() || 'MultiTenant';
  if (given(env, 'BOT_ID') && botType !== 'UserAssignedMSI' && !given(env, 'BOT_PASSWORD')) {
    problems.push('BOT_PASSWORD: is required when BOT_ID is set');
  }
  if (given(env, 'BOT_ID') && botType !== 'MultiTenant' && !given(env, 'BOT_TENANT_ID')) {
    problems.push(`BOT_TENANT_ID: is required when BOT_TYPE is ${botType}`);
  }
  if (given(env, 'BOT_ID') && !(env.ALLOWED_TENANTS ?? '').split(',').some((t) => t.trim() !== '')) {
    problems.push('ALLOWED_TENANTS: must list the tenant ids allowed to use the bot when BOT_ID is set (an empty list is for local use only)');
  }
  // A random per-process secret would break every download link at each restart or on a second instance.
  if (given(env, 'BOT_ID') && !given(env, 'LINK_SIGNING_SECRET')) {
    problems.push('LINK_SIGNING_SECRET: is required when BOT_ID is set (a random secret per process is for local use only)');
  }
  // Links in cards (minutes, exports) are built from it; without it they would point at localhost.
  if (given(env, 'BOT_ID') && !given(env, 'PUBLIC_URL')) {
    problems.push('PUBLIC_URL: is required when BOT_ID is set (the https address Teams reaches the bot at, used in download links)');
  }
  return problems;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  /**
   * The interface to listen on. Local mode defaults to 127.0.0.1: without BOT_ID the bot trusts the identity and
   * serviceUrl in each request body (that is how the Playground works), so it must never be reachable from a network.
   * With BOT_ID set it defaults to every interface.
   */
  host?: string;
  bot: {
    /** Empty in local mode: the Playground talks to the bot anonymously. */
    id?: string;
    password?: string;
    tenantId?: string;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Where Bot Framework's signing keys are published; only for a private cloud or a test's identity provider. */
    openIdMetadataUrl?: string;
  };
  mongodbUri?: string;
  dataDir: string;
  /** Lower-case tenant ids; empty means every tenant, which only local mode allows. */
  allowedTenants: string[];
  /** Deprecated alias of bootstrap managers: Entra ID object ids (lower case) made manager of their tenant's team. */
  managerIds: string[];
  /** Entra ID object ids (lower case) of the first administrators: admin, manager and officer of their tenant's team. */
  adminIds: string[];
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Signs download links (the minutes .docx); without it a random secret is made per process. */
  linkSigningSecret?: string;
  /** The bot's public origin, for links people open; defaults to http://localhost:<port>. */
  publicUrl?: string;
  /** When the Crime and Policing Act 2026's ASB powers came into force (YYYY-MM-DD), and the CPN/PSPO fixed penalty in pounds. */
  powers: { act2026CommencedOn: string; fixedPenaltyPounds: number };
  /** Letters: the council's own .docx templates (one per letter type), the team name and contact they print. */
  letters: { templatesDir?: string; teamName: string; contact: string };
  /** How many days after today `my deadlines` shows, besides what is overdue and due today. */
  myDeadlinesDays: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) {
    const list = problems.map((problem) => `  - ${problem}`).join('\n');
    throw new ConfigError(`Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${list}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST ?? (c.BOT_ID === undefined ? '127.0.0.1' : undefined),
    bot: { id: c.BOT_ID, password: c.BOT_PASSWORD, tenantId: c.BOT_TENANT_ID, type: c.BOT_TYPE, openIdMetadataUrl: c.BOT_OPENID_METADATA_URL },
    mongodbUri: c.MONGODB_URI,
    dataDir: c.DATA_DIR,
    allowedTenants: c.ALLOWED_TENANTS,
    managerIds: c.MANAGER_IDS,
    adminIds: c.ADMIN_IDS,
    timeZone: c.TIMEZONE,
    logLevel: c.LOG_LEVEL,
    linkSigningSecret: c.LINK_SIGNING_SECRET,
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    powers: { act2026CommencedOn: c.ACT_2026_COMMENCED_ON, fixedPenaltyPounds: c.FIXED_PENALTY_POUNDS },
    letters: { templatesDir: c.LETTER_TEMPLATES_DIR, teamName: c.LETTER_TEAM_NAME, contact: c.LETTER_CONTACT },
    myDeadlinesDays: c.MY_DEADLINES_DAYS,
  };
}

/** True when the bot runs without a Bot Framework identity: for the Playground and local development only. */
export const isLocalMode = (config: Config) => config.bot.id === undefined;

/** Local mode with no ADMIN_IDS: no roster applies, and everyone is on one team per tenant. */
export const isOpenAccess = (config: Config) => isLocalMode(config) && config.adminIds.length === 0;
