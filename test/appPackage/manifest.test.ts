/**
 * The Teams app package: the filled manifest must pass the official JSON schema that @microsoft/app-manifest
 * ships (checked offline), the icons must have the sizes Teams demands, and the zip must hold exactly the
 * three files at its root.
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import type { ValidateFunction } from 'ajv';
import {
  appPackageDir,
  buildAppPackage,
  buildManifest,
  commandListsFor,
  packageSettingsFromEnv,
  writeAppPackage,
  type CommandList,
  type PackageSettings,
} from '../../scripts/package-app.js';
import { availableCommands, commands } from '../../src/teams/commands.js';

const require = createRequire(import.meta.url);
const repoRoot = join(appPackageDir, '..');

const settings: PackageSettings = {
  botId: '0b9e3d8a-6f1c-4c2e-9a57-3d2f1e0c4b11',
  teamsAppId: '5f0830e8-b179-4452-b48b-2479c8ca87f0',
  version: '0.1.0',
};

interface ManifestShape {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{ botId: string; scopes: string[]; commandLists: CommandList[] }>;
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
  validDomains: string[];
}

const template = JSON.parse(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8')) as ManifestShape;

/** The official schema for the template's manifestVersion, compiled by ajv for draft-04, with no network. */
const validators = new Map<string, ValidateFunction>();
function officialSchemaValidator(manifestVersion: string): ValidateFunction {
  const cached = validators.get(manifestVersion);
  if (cached) return cached;
  type AjvClass = new (options: object) => { compile(schema: object): ValidateFunction };
  const Ajv04 = require('ajv-draft-04') as AjvClass;
  const addFormats = require('ajv-formats') as (ajv: object) => void;
  const schemaPath = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema refers to itself only through local "#/definitions/..." pointers; make sure it stays so.
  expect(JSON.stringify(schema)).not.toMatch(/"\$ref"\s*:\s*"(?!#)/);
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  validators.set(manifestVersion, validate);
  return validate;
}

function pngInfo(file: string): { width: number; height: number; colourType: number; rgba: Buffer } {
  const png = readFileSync(join(appPackageDir, file));
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colourType = png[25];
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width, height, colourType, rgba: unfilter(inflateSync(Buffer.concat(idat)), width, height) };
}

/** Undoes PNG scanline filters for 8-bit RGBA. */
function unfilter(data: Buffer, width: number, height: number): Buffer {
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? out[y * stride + x - 4] : 0;
      const up = y > 0 ? out[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4] : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter];
      out[y * stride + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

describe('manifest', () => {
  it('is on manifest schema 1.19 or later, and its $schema names the same version', () => {
    const [major, minor] = template.manifestVersion.split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(119);
    expect(template.$schema).toContain(`/v${template.manifestVersion}/`);
  });

  it('passes the official schema once filled in', () => {
    const validate = officialSchemaValidator(template.manifestVersion);
    const manifest = buildManifest(settings);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('still passes with every command built, a bot domain and the committed command list', () => {
    const validate = officialSchemaValidator(template.manifestVersion);
    const manifest = buildManifest({ ...settings, botDomain: 'asb-bot.example-borough.gov.uk' }, commands);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
    expect((manifest as unknown as ManifestShape).validDomains).toContain('asb-bot.example-borough.gov.uk');
  });

  it('fails the schema when something is wrong, so the check above is real', () => {
    const validate = officialSchemaValidator(template.manifestVersion);
    const manifest = buildManifest({ ...settings, botId: 'not-a-guid' }) as unknown as ManifestShape;
    expect(validate(manifest)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain('/bots/0/botId');
  });

  it('fills every placeholder', () => {
    const text = JSON.stringify(buildManifest(settings));
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as ManifestShape;
    expect(manifest.id).toBe(settings.teamsAppId);
    expect(manifest.bots[0].botId).toBe(settings.botId);
    expect(manifest.webApplicationInfo.id).toBe(settings.botId);
  });

  it('installs the bot in personal chats, teams and group chats, with the RSC permissions minutes and meetings need', () => {
    const manifest = buildManifest(settings) as unknown as ManifestShape;
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.authorization.permissions.resourceSpecific).toEqual(
      expect.arrayContaining([
        { name: 'ChannelMessage.Read.Group', type: 'Application' },
        { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
        // Channel meeting start/end events need this besides OnlineMeeting.ReadBasic.Chat.
        { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
      ]),
    );
    expect(manifest.webApplicationInfo.resource.length).toBeGreaterThan(0);
  });

  it('offers only commands from commands.ts, and in the packaged manifest exactly the available ones', () => {
    const known = new Map(commands.map((command) => [command.name, command]));
    for (const list of template.bots[0].commandLists) {
      for (const entry of list.commands) expect(known.get(entry.title)?.description).toBe(entry.description);
    }
    const packaged = (buildManifest(settings) as unknown as ManifestShape).bots[0].commandLists;
    const offered = new Set(packaged.flatMap((list) => list.commands.map((entry) => entry.title)));
    expect([...offered].sort()).toEqual(availableCommands().map((command) => command.name).sort());
  });

  it('groups scopes that share the same commands and keeps each list within the 10 Teams shows', () => {
    const lists = commandListsFor(commands);
    const scopes = lists.flatMap((list) => list.scopes).sort();
    expect(scopes).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.length).toBeLessThanOrEqual(10);
    const teamList = lists.find((list) => list.scopes.includes('team'));
    expect(teamList?.scopes).toContain('groupChat');
    expect(teamList?.commands.map((entry) => entry.title)).toContain('start meeting');
    expect(lists.find((list) => list.scopes.includes('personal'))?.commands.map((entry) => entry.title)).toContain('my deadlines');
  });
});

describe('icons', () => {
  it('colour icon is a 192×192 RGBA PNG, fully opaque', () => {
    const icon = pngInfo(template.icons.color);
    expect([icon.width, icon.height, icon.colourType]).toEqual([192, 192, 6]);
    let seeThrough = 0;
    for (let i = 3; i < icon.rgba.length; i += 4) if (icon.rgba[i] !== 255) seeThrough++;
    expect(seeThrough).toBe(0);
  });

  it('outline icon is a 32×32 PNG, white on transparent', () => {
    const icon = pngInfo(template.icons.outline);
    expect([icon.width, icon.height, icon.colourType]).toEqual([32, 32, 6]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < icon.rgba.length; i += 4) {
      const [r, g, b, a] = icon.rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(white).toBeGreaterThan(0);
  });
});

describe('app package', () => {
  it('zips manifest.json and both icons at the root', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(settings));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as unknown;
    expect(manifest).toEqual(buildManifest(settings));
    for (const icon of ['color.png', 'outline.png']) {
      expect(await zip.file(icon)!.async('nodebuffer')).toEqual(readFileSync(join(appPackageDir, icon)));
    }
  });

  it('writes the zip where it is asked to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-package-'));
    try {
      const zipPath = await writeAppPackage(settings, join(dir, 'build', 'appPackage.zip'));
      const zip = await JSZip.loadAsync(readFileSync(zipPath));
      expect(zip.file('manifest.json')).not.toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing or malformed BOT_ID with a clear message', () => {
    expect(() => packageSettingsFromEnv({})).toThrow(/BOT_ID is not set/);
    expect(() => packageSettingsFromEnv({ BOT_ID: 'my-bot' })).toThrow(/BOT_ID must be a GUID/);
    expect(() => packageSettingsFromEnv({ BOT_ID: settings.botId, TEAMS_APP_ID: 'x' })).toThrow(/TEAMS_APP_ID must be a GUID/);
    expect(packageSettingsFromEnv({ BOT_ID: settings.botId })).toEqual(expect.objectContaining({ botId: settings.botId, teamsAppId: settings.teamsAppId }));
  });

  it('npm run package exits 1 with the reason when BOT_ID is missing', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'asb-package-env-'));
    const env = { ...process.env, BOT_ID: '' };
    try {
      await expect(
        promisify(execFile)(process.execPath, ['--import', require.resolve('tsx'), join(repoRoot, 'scripts', 'package-app.ts')], { cwd: emptyDir, env }),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('BOT_ID is not set') });
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
