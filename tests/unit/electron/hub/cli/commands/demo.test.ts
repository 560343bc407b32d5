/** `demo`, `serve`, `central`: the history a command generates is bounded, and says so in Russian. */
import { describe, expect, it } from 'vitest';
import { main } from '../../../../../../electron/hub/cli/main.js';
import { Sink } from '../../../../../support/cli.js';


describe('demo history length is capped', () => {
  it.each([
    ['demo', ['--cache', '/nonexistent/x.db']],
    ['serve', ['--demo', 'kamchatka']],
    ['central', ['--demo', 'kamchatka']],
  ])('%s --days 100000 is refused at once with one line naming the range', async (name, args) => {
    const stdout = new Sink();
    const stderr = new Sink();
    const code = await main([name, ...args, '--days', '100000'], { stdout, stderr });
    expect(code).not.toBe(0);
    expect(stderr.text.trim().split('\n')).toHaveLength(1);
    expect(stderr.text).toContain('--days: ожидалось целое число от 1 до 400, получено «100000»');
  });
});
