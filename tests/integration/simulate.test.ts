import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { sharedServer } from '../support/test-server.ts';

const run = promisify(execFile);

describe('npm run simulate', () => {
  it('files a stream through the public API and walks each report through the loop to closed', async () => {
    const { url, db } = await sharedServer();
    const [before] = await db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM incidents');
    // Three seconds of reports at 4 a second, handled 100,000 times faster than life, nobody left to run late.
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'server/cli/simulate.ts'),
        '--url',
        url,
        '--rate',
        '4',
        '--minutes',
        '0.05',
        '--speed',
        '100000',
        '--late',
        '0',
        '--seed',
        'simulate-test',
      ],
      { cwd: PROJECT_ROOT, timeout: 60_000 },
    );
    const done = /done — (\{.*\})/.exec(stdout);
    expect(done, stdout).not.toBeNull();
    const counts = JSON.parse(done![1]!) as { reported: number; closed: number; failed: number };
    expect(counts.failed).toBe(0);
    expect(counts.reported).toBeGreaterThan(3);
    expect(counts.closed).toBe(counts.reported);
    const rows = await db.query<{ status: string; events: number; located: string }>(
      `SELECT i.status, i.located_by AS located, (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id) AS events
       FROM incidents i WHERE i.id > $1::bigint AND i.reported_by = (SELECT id FROM users WHERE username = 'commander')`,
      [before!.id],
    );
    expect(rows.length).toBe(counts.reported);
    for (const r of rows) {
      expect(r.status).toBe('closed');
      expect(r.events).toBe(7);
      expect(r.located).toBe('contains');
    }
  });
});
