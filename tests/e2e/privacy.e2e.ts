/**
 * No personal data on the wall, on EVERY scene (DESIGN.md, docs/spec/central-api.md: `text` is shown
 * masked on the wall): each scene must show at least one masked text (a «[телефон]»-style token of
 * shared/mask — proof that message texts ARE on screen and masked), and none of the seed's phone
 * numbers, e-mails or names.
 */
import type { Page } from 'playwright-core';
import { MASK_TOKENS } from '../../shared/mask/index.js';
import { assert, eq, openWall, type E2eContext, type E2eTest } from './context.js';

const SCENES = ['operational', 'briefing', 'block:housing', 'municipality:30701000'] as const;

/** The seed's personal data: phones, e-mails, «Имя Отчество» names (as wall.e2e.ts extracts them). */
function personalData(ctx: E2eContext) {
  const phones = new Set<string>();
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const t of ctx.texts) {
    for (const m of t.matchAll(/(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/g)) phones.add(m[0]);
    for (const m of t.matchAll(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu)) emails.add(m[0]);
    for (const m of t.matchAll(/[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ич)(?:а|у|ем|е|ы|ой)?(?![а-яё])/gu)) names.add(m[0]);
  }
  return { phones, emails, names };
}

/** Everything a wall page could show as text: rendered text, DOM text, attributes (titles, labels). */
async function wallText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs: string[] = [];
    for (const el of document.querySelectorAll('*')) for (const a of el.attributes) attrs.push(a.value);
    return `${document.body.innerText}\n${document.body.textContent}\n${attrs.join('\n')}`;
  });
}

export const tests: E2eTest[] = [
  {
    name: 'privacy · every scene shows masked texts and none of the seed’s personal data',
    async run(ctx) {
      const { phones, emails, names } = personalData(ctx);
      assert(phones.size > 10 && emails.size > 10 && names.size > 10, `too few personal data in the seed: ${phones.size} phones, ${emails.size} e-mails, ${names.size} names`);
      const tokens = Object.values(MASK_TOKENS);
      let page: Page | undefined;
      for (const scene of SCENES) {
        page = await openWall(ctx, `?scene=${encodeURIComponent(scene)}&display=privacy`, 1280, 720, page);
        eq(await page.locator('[data-testid=wall]').getAttribute('data-scene'), scene, 'scene');
        const text = await wallText(page);
        // Message texts are on screen, masked: at least one token (a scene showing no text at all,
        // or texts unmasked, fails here).
        const seen = tokens.filter((t) => text.includes(t));
        assert(seen.length > 0, `${scene}: no masked token (${tokens.join(' ')}) on screen — are message texts shown, and masked?`);
        const leaks = [...phones, ...emails, ...names].filter((x) => text.includes(x));
        eq(leaks.slice(0, 5), [], `${scene}: personal data on the wall`);
        // on one line: table cells (a rank 8, then counts) are separate lines, a phone number is not;
        // not the fraction of a number (an attribute «4908.8333333333» is no phone)
        const phoneLike = /(?<![\d.,])(?:\+7|\b8)[ \t\u00a0\u202f(-]*\d{3}[ \t\u00a0\u202f)-]*\d{3}[ \t\u00a0\u202f-]*\d{2}[ \t\u00a0\u202f-]*\d{2}/.exec(text);
        assert(!phoneLike, `${scene}: a phone-like number on the wall: «${phoneLike ? text.slice(Math.max(0, phoneLike.index - 40), phoneLike.index + 30) : ''}»`);
        assert(!/[\w.+-]+@[\w-]+\.[a-z]{2,}/i.test(text), `${scene}: an e-mail on the wall`);
        console.log(`      (${scene}: ${seen.join(' ')})`);
      }
      await page?.close();
    },
  },
];
