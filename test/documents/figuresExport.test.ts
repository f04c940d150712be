/** Exports: a value that a spreadsheet would run as a formula is written as text, in CSV and in Excel. */
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { safeCell, toCsv, toXlsx, type Sheet } from '../../src/documents/figuresExport.js';

const sheet: Sheet = {
  name: 'Cases',
  header: ['Reference', 'Ward', 'Count'],
  rows: [
    ['ASB-2026-0001', '=HYPERLINK("http://evil.example","click")', 3],
    ['ASB-2026-0002', '+44 1632', -2],
    ['ASB-2026-0003', '@SUM(A1)', 0],
    ['ASB-2026-0004', '-1+2', 1],
  ],
};

describe('figures exports', () => {
  it('escapes values starting with = + - @ and keeps numbers as numbers', async () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('\t=1')).toBe("'\t=1");
    expect(safeCell('Kingsford')).toBe('Kingsford');
    expect(safeCell(-2)).toBe(-2);
    const csv = toCsv(sheet).toString('utf8').split('\n');
    expect(csv[1]).toBe(`ASB-2026-0001,"'=HYPERLINK(""http://evil.example"",""click"")",3`);
    expect(csv[2]).toBe("ASB-2026-0002,'+44 1632,-2");
    expect(csv[3]).toBe("ASB-2026-0003,'@SUM(A1),0");
    expect(csv[4]).toBe("ASB-2026-0004,'-1+2,1");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await toXlsx([sheet]) as never);
    const cell = workbook.getWorksheet('Cases')!.getCell('B2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(workbook.getWorksheet('Cases')!.getCell('C3').value).toBe(-2);
  });
});
