/**
 * date-holidays' rules for Great Britain alone. Its package data holds every country (about 200), and importing
 * `date-holidays` keeps all of them in memory for the life of the process. The same rules file is read here once,
 * GB is kept and the rest is dropped; date-holidays-parser, the engine date-holidays itself runs on, reads them.
 * Source: the date-holidays README, "Custom builds of holidays.json" (the data shape), and its lib/Holidays.cjs.
 */
// The package ships its types in types/, which its "exports" map does not name, so TypeScript is pointed at them.
/// <reference path="../../../node_modules/date-holidays-parser/types/index.d.ts" />
import Holidays from 'date-holidays-parser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface HolidayData {
  version: string;
  license: string;
  holidays: Record<string, unknown>;
  names: Record<string, unknown>;
}

let gb: HolidayData | undefined;

function gbData(): HolidayData {
  if (!gb) {
    const packageDir = dirname(createRequire(import.meta.url).resolve('date-holidays/package.json'));
    const all = JSON.parse(readFileSync(join(packageDir, 'data', 'holidays.json'), 'utf8')) as HolidayData;
    gb = { version: all.version, license: all.license, holidays: { GB: all.holidays.GB }, names: all.names };
  }
  return gb;
}

/** The GB holidays of one of its states (ENG, SCT, NIR…), as date-holidays' `new Holidays('GB', state)` gives them. */
export function gbHolidays(state: string): Holidays {
  return new Holidays(gbData(), 'GB', state);
}
