// Exported files read back by an independent reader: Python's openpyxl (xlsx) and csv module,
// from the stack's .local/venv. Every cell comes back as text.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = process.env.E2E_PYTHON ?? fileURLToPath(new URL('../../../../.local/venv/bin/python', import.meta.url));

// The first sheet's rows (xlsx) or the records (CSV), every cell as text.
const READ_TABLE = `
import csv, json, sys
path, kind = sys.argv[1], sys.argv[2]
if kind == "xlsx":
    import openpyxl
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
else:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
print(json.dumps(rows))
`;

export function readTable(path: string, kind: 'xlsx' | 'csv'): string[][] {
	return JSON.parse(execFileSync(PYTHON, ['-c', READ_TABLE, path, kind], { encoding: 'utf8' })) as string[][];
}
